/*
 * test_settings.c - nothing a front-end reads is dropped without a listing
 * (issue 14): every key of the loaders' node-group tables (and the tables
 * nested under them) is named in its front-end's section of
 * docs/settings.md, where it is carried (to which field) or not (and why);
 * a key recorded as not carried (fs_not_carried, KG240) has a reason in
 * load_value.c's table.  A new row without either fails here.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *doc;

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *s = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *t = realloc(s, cap);
			if (!t) {
				free(s);
				fclose(f);
				return NULL;
			}
			s = t;
		}
		size_t r = fread(s + n, 1, 4096, f);
		n += r;
		if (r < 4096)
			break;
	}
	fclose(f);
	s[n] = '\0';
	return s;
}

/* The text of the section whose "## " heading starts with `heading`, up to the next "## ". */
static char *
section(const char *heading)
{
	size_t hl = strlen(heading);
	for (const char *p = doc; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, "## ", 3) != 0 || strncmp(p + 3, heading, hl) != 0)
			continue;
		const char *e = strstr(p + 3, "\n## ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *s = malloc(n + 1);
		assert_non_null(s);
		memcpy(s, p, n);
		s[n] = '\0';
		return s;
	}
	return NULL;
}

/* `key` written in the section: as `key`, or as the last part of a dotted `a.key`, or `key.b` */
static bool
named(const char *sec, const char *key)
{
	char a[160], b[160], c[160];
	snprintf(a, sizeof a, "`%s`", key);
	snprintf(b, sizeof b, ".%s`", key);
	snprintf(c, sizeof c, "`%s.", key);
	return strstr(sec, a) || strstr(sec, b) || strstr(sec, c);
}

static int missing;

static void
walk(const char *sec, const char *front, const FieldDef *t, int depth)
{
	assert_true(depth < 6);
	for (const FieldDef *f = t; f->key; f++) {
		if (!named(sec, f->key)) {
			fprintf(stderr, "docs/settings.md, %s: key '%s' is not listed\n", front, f->key);
			missing++;
		}
		if ((f->set == fs_not_carried || f->set == fs_not_carried_unless_default) && !ld_why_not(f->key)) {
			fprintf(stderr, "%s: key '%s' is not carried but load_value.c gives no reason\n", front, f->key);
			missing++;
		}
		if (f->set == fs_sub && f->sub)
			walk(sec, front, f->sub, depth + 1);
	}
}

static void
test_every_key_listed(void **state)
{
	(void)state;
	static const struct { const char *heading; const FieldDef *table; } fronts[] = {
		{ "eksctl", eksctl_group_fields },
		{ "terraform-aws-modules/eks", tfeks_group_fields },
		{ "Domino", domino_group_fields },
		{ "AWS CLI describe-nodegroup", awscli_nodegroup_fields },
		{ "Launch templates", awscli_lt_fields },
		{ "AWS CLI describe-auto-scaling-groups", awscli_asg_fields },
		{ "Launch templates in Terraform", tfeks_lt_fields },
	};
	doc = slurp("docs/settings.md");
	if (!doc)
		skip();
	for (size_t i = 0; i < sizeof fronts / sizeof *fronts; i++) {
		char *sec = section(fronts[i].heading);
		if (!sec) {
			fprintf(stderr, "docs/settings.md has no section '## %s'\n", fronts[i].heading);
			missing++;
			continue;
		}
		walk(sec, fronts[i].heading, fronts[i].table, 0);
		free(sec);
	}
	free(doc);
	assert_int_equal(missing, 0);
}

/* The reasons are findable by every spelling the tables use, and a setting with none has no reason. */
static void
test_reasons(void **state)
{
	(void)state;
	assert_non_null(ld_why_not("warmPool"));
	assert_non_null(ld_why_not("warm_pool"));
	/* EFA is carried (ld_netifs(), resolve_efa()): no reason of the key alone */
	assert_null(ld_why_not("efaEnabled"));
	assert_null(ld_why_not("enable_efa_support"));
	assert_non_null(ld_why_not("CapacityReservationSpecification"));
	/* Domino's cluster-wide KMS key, when the kit cannot name it (load_domino.c domino_kms()) */
	assert_non_null(ld_why_not("kms_info"));
	assert_non_null(ld_why_not("kms"));
	assert_null(ld_why_not("instanceTypes"));
	/* the AWS API's PascalCase finds eksctl's camelCase reason; shared reasons are one text */
	assert_ptr_equal(ld_why_not("CapacityRebalance"), ld_why_not("capacityRebalance"));
	assert_ptr_equal(ld_why_not("TargetGroupARNs"), ld_why_not("target_group_arns"));
	assert_ptr_equal(ld_why_not("LoadBalancerNames"), ld_why_not("classicLoadBalancerNames"));
	assert_ptr_equal(ld_why_not("DisableApiTermination"), ld_why_not("disable_api_termination"));
	/* a Terraform snake_case key finds the AWS API's reason of the same setting: one reason each */
	static const char *const same[][2] = {
		{ "KernelId", "kernel_id" }, { "RamDiskId", "ram_disk_id" }, { "DisableApiStop", "disable_api_stop" },
		{ "IamInstanceProfile", "iam_instance_profile" }, { "MaintenanceOptions", "maintenance_options" },
		{ "PrivateDnsNameOptions", "private_dns_name_options" }, { "SpotMaxPrice", "spot_max_price" },
		{ "InstanceInitiatedShutdownBehavior", "instance_initiated_shutdown_behavior" },
		{ "ElasticGpuSpecifications", "elastic_gpu_specifications" }, { "maxPrice", "spot_price" },
		{ "InstanceMetadataTags", "instance_metadata_tags" },
		{ "ElasticInferenceAccelerators", "elastic_inference_accelerator" },
		{ "InstanceMarketOptions.SpotOptions", "instance_market_options.spot_options" },
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		assert_non_null(ld_why_not(same[i][0]));
		assert_string_equal(ld_why_not(same[i][0]), ld_why_not(same[i][1]));
	}
	assert_null(ld_why_not("kernel"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_listed),
		cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
