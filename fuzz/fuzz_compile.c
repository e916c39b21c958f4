/*
 * fuzz_compile - `karpgen compile` on arbitrary bytes: the inputs loaded
 * through ir_load_files(), resolved, resolve_propose_home() and every check,
 * then lower() with the checks around it, check_lowered(), emit_kit() and out_commit() into a scratch
 * directory - the CRD check of each manifest, every emitter, and the
 * all-or-nothing write - as cmd_compile()
 * in main.c does.  No crash, no hang, no leak; no file lands outside the
 * output directory, which is removed after each input; every YAML, JSON
 * and tfvars file written reads back without error.
 *
 * Raw inputs rarely get past the front-ends, so an input whose first byte
 * is 0x01 is a recipe instead: the bytes after it are read as choices that
 * synthesise a Domino tfvars (node groups with catalogue instance types,
 * zones, sizes, labels, taints and tags whose names and values come from
 * the bytes, custom AMIs, a Karpenter group), which then goes through the
 * same pipeline; nearly every recipe reaches the emitters.  Any other input
 * is one file or several ("==> NAME <==" sections, see fuzz_files(); a
 * bare input is fuzz.tfvars).  Options come from a "#fuzz:" line (see
 * fuzz_opts()) or, for a recipe, from its bytes: a Karpenter version,
 * "irsa", "widen", "named" (cluster, region and account given), "alias",
 * "home" (--karpenter-nodegroup system).
 */
#include "fuzz.h"

/* ------------------------------------------------------------ recipes */

typedef struct Gen {
	const uint8_t *p;
	size_t n;
	Buf out;
} Gen;

/* The next choice among k; 0, the plainest, once the bytes run out. */
static unsigned
pick(Gen *g, unsigned k)
{
	if (!g->n)
		return 0;
	g->n--;
	return *g->p++ % k;
}

/* A string from the bytes, quoted and escaped for HCL: names mostly valid, sometimes anything. */
static void
gstr(Gen *g, bool name)
{
	static const char name_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789-.";
	static const char *const odd[] = {
		/* HCL escapes: a backslash, a quote and a newline in the value */
		"$", "{", "}", "\\\\", "\\\"", "'", "`", " ", "/", ":", "=", ";", "&", "|", "*", "..", "\\n",
		"%", "\u00e9", "\u2028", "$(id)", "$${X}", "%%{y}", "A", "_", "#",
	};
	buf_puts(&g->out, "\"");
	unsigned len = 1 + pick(g, 24);
	/* mostly valid names and values, so that most recipes reach the emitters */
	bool wild = pick(g, 32) == 31;
	if (!g->n)
		buf_puts(&g->out, "x");
	for (unsigned i = 0; i < len && g->n; i++) {
		if (wild || (!name && pick(g, 64) == 63))
			buf_puts(&g->out, odd[pick(g, sizeof odd / sizeof *odd)]);
		else
			buf_add(&g->out, &name_chars[i == 0 || i + 1 == len ? pick(g, 36) :
			    pick(g, sizeof name_chars - 1)], 1);
	}
	buf_puts(&g->out, "\"");
}

static void
gzones(Gen *g)
{
	static const char *const zones[] = {
		"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4", "us-west-2a", "us-west-2b", "use1-az6",
	};
	buf_puts(&g->out, "    availability_zone_ids = [");
	unsigned n = pick(g, 5);
	for (unsigned i = 0; i < n; i++)
		buf_printf(&g->out, "%s\"%s\"", i ? ", " : "", zones[pick(g, 7)]);
	buf_puts(&g->out, "]\n");
}

static void
gmap(Gen *g, const char *key)
{
	unsigned n = pick(g, 4);
	buf_printf(&g->out, "    %s = {\n", key);
	for (unsigned i = 0; i < n; i++) {
		buf_puts(&g->out, "      ");
		gstr(g, pick(g, 3) != 0);
		buf_puts(&g->out, " = ");
		gstr(g, false);
		buf_puts(&g->out, "\n");
	}
	buf_puts(&g->out, "    }\n");
}

static void
ggroup(Gen *g, bool karpenter)
{
	static const char *const effects[] = { "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE", "NoSchedule", "bogus" };
	static const char *const vtypes[] = { "gp3", "gp2", "io1", "io2", "st1" };
	if (!karpenter || pick(g, 2)) {
		unsigned n = 1 + pick(g, 4);
		buf_puts(&g->out, "    instance_types = [");
		for (unsigned i = 0; i < n; i++) {
			unsigned k = pick(g, 256) * 256 + pick(g, 256);
			int count = catalog_count();
			const char *t = count ? catalog_at((int)(k % (unsigned)count))->name : "m5.large";
			buf_printf(&g->out, "%s\"%s\"", i ? ", " : "", pick(g, 16) ? t : "m9z.huge");
		}
		buf_puts(&g->out, "]\n");
	}
	gzones(g);
	if (!karpenter || pick(g, 2))  /* required of additional groups */
		buf_printf(&g->out, "    min_per_az = %u\n    max_per_az = %u\n    desired_per_az = %u\n",
		    pick(g, 4), pick(g, 50), pick(g, 4));
	if (pick(g, 3) == 0)
		buf_printf(&g->out, "    spot = %s\n", pick(g, 2) ? "true" : "false");
	if (pick(g, 4) == 0)
		buf_printf(&g->out, "    single_nodegroup = %s\n", pick(g, 2) ? "true" : "false");
	if (pick(g, 6) == 0)
		buf_printf(&g->out, "    gpu = %s\n", pick(g, 2) ? "true" : "false");
	if (pick(g, 5) == 4)
		buf_printf(&g->out, "    ami = \"ami-0%08x%08x\"\n    user_data_type = \"%s\"\n",
		    pick(g, 256) * 65599u, pick(g, 256) * 7919u, pick(g, 2) ? "AL2023" : "AL2");
	gmap(g, "labels");
	gmap(g, "tags");
	unsigned nt = pick(g, 3);
	if (nt) {
		buf_puts(&g->out, "    taints = [\n");
		for (unsigned i = 0; i < nt; i++) {
			buf_puts(&g->out, "      { key = ");
			gstr(g, true);
			buf_puts(&g->out, ", value = ");
			gstr(g, false);
			buf_printf(&g->out, ", effect = \"%s\" },\n", effects[pick(g, 5)]);
		}
		buf_puts(&g->out, "    ]\n");
	}
	if (!karpenter || pick(g, 3) == 0)  /* required of additional groups */
		buf_printf(&g->out, "    volume = {\n      size = %u\n      type = \"%s\"\n    }\n",
		    pick(g, 64) == 63 ? 0 : 20 + pick(g, 250), vtypes[pick(g, 5)]);
}

static const char *
recipe(Arena *a, const uint8_t *data, size_t size, Options *o, size_t *len)
{
	static const char *const versions[] = { "1.14.1", "1.0.14", "0.36.2", "0.32.10" };
	static const char *const regions[] = { "us-west-2", "us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1" };
	Gen g = { data, size, { 0 } };
	unsigned flags = pick(&g, 256);
	o->kv = fuzz_version(versions[pick(&g, 4)]);
	o->identity = (flags & 1) ? ID_IRSA : ID_POD_IDENTITY;
	o->identity_set = flags & 1;
	o->widen_spot = flags & 2;
	if (flags & 4) {
		o->cluster_name = "fuzz";
		o->region = "us-west-2";
		o->account_id = "123456789012";
	}
	if (flags & 8)
		o->ami_alias = "al2023@v20240807";
	buf_puts(&g.out, "deploy_id = ");
	gstr(&g, true);
	buf_printf(&g.out, "\nregion = \"%s\"\n", regions[pick(&g, 5)]);
	if (pick(&g, 2)) {
		static const char *const defaults[] = { "compute", "platform", "gpu" };
		buf_puts(&g.out, "default_node_groups = {\n");
		for (int i = 0; i < 3; i++) {
			buf_printf(&g.out, "  %s = {\n", defaults[i]);
			if (pick(&g, 2))
				ggroup(&g, false);
			else
				gzones(&g);     /* the module requires them */
			buf_puts(&g.out, "  }\n");
		}
		buf_puts(&g.out, "}\n");
	}
	buf_puts(&g.out, "additional_node_groups = {\n");
	unsigned n = pick(&g, 6);
	for (unsigned i = 0; i < n; i++) {
		buf_puts(&g.out, "  ");
		gstr(&g, true);
		buf_puts(&g.out, " = {\n");
		ggroup(&g, false);
		buf_puts(&g.out, "  }\n");
	}
	buf_puts(&g.out, "}\n");
	if (pick(&g, 4)) {
		buf_puts(&g.out, "karpenter_node_groups = {\n  ");
		if (flags & 32)
			gstr(&g, true);
		else
			buf_puts(&g.out, (flags & 16) ? "system" : "karpenter");
		buf_puts(&g.out, " = {\n");
		ggroup(&g, true);
		buf_puts(&g.out, "  }\n}\n");
	}
	char *text = arena_strndup(a, g.out.s ? g.out.s : "", g.out.len);
	*len = g.out.len;
	buf_free(&g.out);
	return text;
}

/* ----------------------------------------------------------- read-back */

/*
 * Every YAML, JSON and tfvars file of the kit reads back without error (a
 * name from the input that broke out of a comment or a string would not).
 */
static int
readback(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	size_t n = strlen(path);
	bool yaml = n > 5 && strcmp(path + n - 5, ".yaml") == 0;
	bool json = n > 5 && strcmp(path + n - 5, ".json") == 0;
	bool hcl = n > 7 && strcmp(path + n - 7, ".tfvars") == 0;
	if (!yaml && !json && !hcl)
		return 0;
	Arena *a = arena_new();
	int errors = diag_count(SEV_ERROR);
	SrcFile *f = src_read(a, path);
	Value **docs;
	int count;
	bool ok = f && (yaml ? yaml_load(a, f, &docs) >= 0 : json ? json_load(a, f, &count) != NULL :
	    hcl_parse(a, f) != NULL);
	arena_free(a);
	if (!ok || diag_count(SEV_ERROR) != errors) {
		fprintf(stderr, "fuzz: '%s' does not read back\n", path);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new();
	diag_init(a);
	Options o = { .command = "compile" };
	SrcFile *files[FUZZ_MAX_FILES];
	int n;
	if (size > 0 && data[0] == 1) {
		size_t len;
		const char *text = recipe(a, data + 1, size - 1, &o, &len);
		files[0] = src_from_mem(a, "recipe.tfvars", text, len);
		if (getenv("FUZZ_DEBUG"))
			fputs(text, stderr);
		n = 1;
	} else {
		const char *opts = fuzz_opts(a, &data, &size);
		o.kv = fuzz_version(opts);
		o.identity = fuzz_opt(opts, "irsa") ? ID_IRSA : ID_POD_IDENTITY;
		o.identity_set = fuzz_opt(opts, "irsa");
		o.widen_spot = fuzz_opt(opts, "widen");
		if (fuzz_opt(opts, "named")) {
			o.cluster_name = "fuzz";
			o.region = "us-west-2";
			o.account_id = "123456789012";
		}
		if (fuzz_opt(opts, "alias"))
			o.ami_alias = "al2023@v20240807";
		if (fuzz_opt(opts, "home"))
			o.karpenter_nodegroup = "system";
		n = fuzz_files(a, data, size, "fuzz.tfvars", files);
	}
	o.ninputs = n;
	o.output_dir = fuzz_outdir();

	IR *ir = ir_load_files(a, &o, files, n);
	ir_resolve(ir);
	bool ok = !diag_fatal() && diag_count(SEV_ERROR) == 0;
	if (ok) {
		resolve_propose_home(ir);
		check_all(ir);
		ok = diag_count(SEV_ERROR) == 0;
	}
	/* the checks around lower() as main.c's lower_and_check() runs them */
	Lowered *lw = NULL;
	if (ok) {
		check_migrating(ir);
		check_groups_api(ir);
		lw = lower(ir);
	}
	if (lw) {
		note_placeholders(lw);
		if (!lw->failed)
			check_kit_alias_pins(lw);
		if (lw->failed || !check_kit_amis(lw))
			lw = NULL;
	}
	if (lw) {
		check_lowered(lw);
		Output kit = { .arena = a };
		emit_kit(lw, &kit);
		if (diag_count(SEV_ERROR) == 0 && out_commit(&kit, o.output_dir))
			nftw(o.output_dir, readback, 16, FTW_PHYS);
		fuzz_outdir_check();
	}
	fuzz_end(a);
	return 0;
}
