/*
 * load_awscli.c - saved AWS CLI JSON -> IR.
 *
 * An input is recognised by its shape, not its name: the wrapper key of each
 * command's output ({"nodegroup": ...}, {"AutoScalingGroups": [...]}), or the
 * identifying key of a bare item (what `--query 'AutoScalingGroups[0]'`
 * prints), one value or an array or a concatenation of them (`aws ... >>
 * file`).  Each shape is read through a key table.  Launch-template versions
 * and Auto Scaling groups are kept in ir->aws and linked to node groups once
 * every input is read (ir_link() in resolve.c), so the inputs may come in
 * any order: a node group gets
 * its custom AMI and root volume from its launch template, and its zones from
 * its ASG.  A node group, an ASG and a launch template's data are read through
 * tables that name every key of the API's output: a setting the kit carries,
 * one it cannot (KG240, with why), or a read-only fact (fs_ignore); a key the
 * table does not name is KG110, so a setting a new API release adds is never
 * dropped without a word.  CloudFormation templates with
 * AWS::EKS::Nodegroup resources (eksctl's stacks) use the same tables, since
 * CloudFormation spells the EKS API's keys with a capital first letter.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct Aws {
	LoadCtx c;
	const char *what[8];    /* the commands recognised in this input, for Input.what */
	int nwhat;
	/* a refused record, reused by the next: the IR grows with what is kept only (issue 16) */
	struct AsgRec *spare_asg;
	NodeGroup *spare_ng;
} Aws;

#define NG(f) offsetof(NodeGroup, f)
#define LTD(f) (offsetof(LtVersion, data) + offsetof(NodeGroup, f))
#define ASGD(f) (offsetof(AsgRec, data) + offsetof(NodeGroup, f))

static void
saw(Aws *a, const char *what)
{
	for (int i = 0; i < a->nwhat; i++)
		if (strcmp(a->what[i], what) == 0)
			return;
	if (a->nwhat < 8)
		a->what[a->nwhat++] = what;
}

/* ------------------------------------------------- shared sub-tables */

static void
set_taints(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const FieldDef taint_fields[] = {
		{ "key", fs_str, offsetof(Taint, key), NULL },
		{ "value", fs_str, offsetof(Taint, value), NULL },
		{ "effect", fs_str, offsetof(Taint, effect), NULL },
		{ NULL, NULL, 0, NULL },
	};
	NodeGroup *ng = obj;
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list of taints, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		Taint t = { .loc = v->items[i]->loc, .origin = ORIGIN_INPUT };
		ld_apply(c, taint_fields, &t, v->items[i], "taint");
		VEC_PUSH(c->ir->arena, ng->taints, t);
	}
}

/* AWS tag lists: [{"Key": k, "Value": v, ...}] */
static void
read_tag_list(LoadCtx *c, const Value *v, KVList *out, const char *key)
{
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list of {Key, Value}, not %s", key, ld_a_kind(v->kind));
		return;
	}
	out->set = true;
	out->loc = v->loc;
	out->origin = ORIGIN_INPUT;
	for (int i = 0; i < v->n; i++) {
		const Value *k = v_get(v->items[i], "Key"), *val = v_get(v->items[i], "Value");
		SVal ks, vs = { .s = "", .loc = v->items[i]->loc, .origin = ORIGIN_INPUT, .set = true };
		if (!k || !(ks = sval_of(c->ir, k, "Key")).set)
			continue;
		SVal given = sval_of(c->ir, val, "Value");
		if (given.set)
			vs = given;
		ld_kv_add(c->ir->arena, out, &ks, &vs);
	}
}

/* The launch template a group or an ASG names: the id wins over the name. */
static void
set_lt_name(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	SVal name = sval_of(c->ir, v, f->key);
	if (!name.set)
		return;
	ng->launch_template_name = name;
	if (!ng->launch_template.set)
		ng->launch_template = ng->launch_template_name;
}

/*
 * LaunchTemplateData.BlockDeviceMappings: every EBS mapping on its own device;
 * resolve_root_volume() takes the one on the AMI family's root device as the
 * root volume (the template's order says nothing).  Instance-store mappings
 * are the instance type's.
 */
static void
set_block_devices(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const FieldDef vol_fields[] = {
		{ "VolumeSize", fs_int, offsetof(Volume, size), NULL },
		{ "VolumeType", fs_str, offsetof(Volume, type), NULL },
		{ "Iops", fs_int, offsetof(Volume, iops), NULL },
		{ "Throughput", fs_int, offsetof(Volume, throughput), NULL },
		{ "Encrypted", fs_bool, offsetof(Volume, encrypted), NULL },
		{ "KmsKeyId", fs_str, offsetof(Volume, kms_key), NULL },
		{ "SnapshotId", fs_str, offsetof(Volume, snapshot), NULL },
		{ "DeleteOnTermination", fs_bool, offsetof(Volume, delete_on_termination), NULL },
		{ NULL, NULL, 0, NULL },
	};
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	LoadCtx sub = *c;
	sub.warn_unknown = false;
	for (int i = 0; i < v->n; i++) {
		const Value *m = v->items[i];
		if (!v_get(m, "Ebs"))
			continue;
		Volume vol = { .loc = m->loc };
		if (!v_get(m, "DeviceName") || !(vol.device = sval_of(c->ir, v_get(m, "DeviceName"), "DeviceName")).set)
			continue;
		ld_apply(&sub, vol_fields, &vol, v_get(m, "Ebs"), "Ebs");
		VEC_PUSH(c->ir->arena, ng->volumes, vol);
	}
}

/* LaunchTemplateData.TagSpecifications: the `instance` resource's tags (the nodes' tags),
 * then the other resources' (ld_tag_spec()) */
static void
set_lt_tags(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	if (v->kind != V_LIST)
		return;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < v->n; i++) {
			const Value *spec = v->items[i], *rt = v_get(spec, "ResourceType");
			const Value *tags = v_get(spec, "Tags");
			if (v_is_str(rt, "instance") != (pass == 0) || !tags)
				continue;
			KVList l = { 0 };
			read_tag_list(c, tags, &l, "Tags");
			SVal rts = rt ? sval_of(c->ir, rt, "ResourceType") : (SVal){ 0 };
			ld_tag_spec(c, ng, f->key, rts.set && !rts.unknown ? rts.s : NULL, &l, &spec->loc);
		}
}

/* LaunchTemplateData.Monitoring: { Enabled } */
static void
set_lt_monitoring(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	const Value *en = v_get(v, "Enabled");
	BVal b = bval_of(c->ir, en, "Enabled");
	if (b.set)
		ng->detailed_monitoring = b;
}

/* LaunchTemplateData.NetworkInterfaces: the layout, EFA, the primary's security groups (ld_netifs()). */
static void
set_lt_enis(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	ld_netifs(c, (NodeGroup *)(void *)((char *)obj + f->off), f->key, v);
}

/* LaunchTemplateData.InstanceType: one type. */
static void
set_lt_instance_type(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	ng->instance_types = (SList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	ld_list_add(c->ir->arena, &ng->instance_types, &s);
}

static void
set_market(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[SO_N] = { [SO_MAX_PRICE] = "MaxPrice",
		[SO_INTERRUPTION] = "InstanceInterruptionBehavior", [SO_REQUEST_TYPE] = "SpotInstanceType",
		[SO_DURATION] = "BlockDurationMinutes", [SO_VALID_UNTIL] = "ValidUntil" };
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	const Value *mt = v_get(v, "MarketType");
	if (v_is_str(mt, "spot"))
		ng->capacity_type = (SVal){ .s = "SPOT", .loc = mt->loc, .origin = ORIGIN_DERIVED, .set = true };
	/* the spot request's own options (a maximum price ...): ld_spot_options() */
	const Value *so = v_get(v, "SpotOptions");
	const Value *parts[SO_N];
	for (int k = 0; k < SO_N; k++)
		parts[k] = so && so->kind == V_MAP ? v_get(so, names[k]) : NULL;
	ld_spot_options(c, ng, "InstanceMarketOptions.SpotOptions", so, parts);
}

/* EC2 takes at most 16 KiB of user data before base64 (RunInstances): a longer value is not user data. */
enum { USER_DATA_MAX = 16384 };

/* RFC 4648 base64 (whitespace between groups allowed, as the CLI's output wraps none but files may);
 * NULL when the text is not base64 or decodes to more than USER_DATA_MAX bytes (*n then says which:
 * SIZE_MAX for not base64). */
static char *
base64_decode(Arena *a, const char *s, size_t len, size_t *n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = arena_alloc(a, len / 4 * 3 + 4);
	size_t o = 0, k = 0, pad = 0;
	uint32_t acc = 0;
	*n = SIZE_MAX;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
			continue;
		if (ch == '=') {
			pad++;
			acc <<= 6;
			k++;
		} else {
			const char *p = ch ? strchr(abc, ch) : NULL;
			if (!p || pad)
				return NULL;
			acc = acc << 6 | (uint32_t)(p - abc);
			k++;
		}
		if (k == 4) {
			if (pad > 2)
				return NULL;
			unsigned char b[3] = { (unsigned char)(acc >> 16), (unsigned char)(acc >> 8), (unsigned char)acc };
			for (size_t j = 0; j < 3 - pad; j++)
				out[o++] = (char)b[j];
			k = 0;
			acc = 0;
			if (o > USER_DATA_MAX) {
				*n = o;
				return NULL;
			}
		}
	}
	if (k != 0)
		return NULL;
	out[o] = '\0';
	*n = o;
	return out;
}

/* A shell part of the user data: a script that runs bootstrap itself goes through
 * ld_bootstrap_script(), any other runs before bootstrap (the EC2NodeClass userData). */
static void
user_data_script(LoadCtx *c, NodeGroup *ng, const char *text, const Value *v)
{
	SVal s = sval_lit(text, &v->loc, ORIGIN_DERIVED);
	const char *pre = text;
	if (strstr(text, "bootstrap.sh") || strstr(text, "nodeadm") || strstr(text, "Start-EKSBootstrap")) {
		if (ld_bootstrap_script(c, ng, &s, &pre))
			ld_not_carried(c, ng, "UserData", v);
	}
	if (!pre)
		return;
	SVal p = sval_lit(pre, &v->loc, ORIGIN_DERIVED);
	if (!ng->pre_bootstrap.set)
		ng->pre_bootstrap = (SList){ .loc = v->loc, .origin = ORIGIN_DERIVED, .set = true };
	ld_list_add(c->ir->arena, &ng->pre_bootstrap, &p);
}

/* A header's value in a MIME header block (case-insensitive name), up to the end of its line. */
static const char *
mime_header(Arena *a, const char *h, size_t hlen, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = h; p < h + hlen;) {
		const char *e = memchr(p, '\n', (size_t)(h + hlen - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(h + hlen - p);
		if (len > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t vl = (size_t)(p + len - v);
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			return arena_strndup(a, v, vl);
		}
		p += len + 1;
	}
	return NULL;
}

/*
 * A MIME multipart user data (what EKS merges with its own bootstrap, and
 * what the modules write): text/x-shellscript parts run before bootstrap,
 * application/node.eks.aws parts are NodeConfig documents; both are what
 * the EC2NodeClass userData carries.  Any other part (cloud-config, a
 * boothook, an encoded part) is not carried.
 */
static void
user_data_mime(LoadCtx *c, NodeGroup *ng, const char *text, const Value *v)
{
	Arena *a = c->ir->arena;
	const char *hend = strstr(text, "\n\n");
	const char *hend2 = strstr(text, "\r\n\r\n");
	if (!hend || (hend2 && hend2 < hend))
		hend = hend2;
	const char *ct = hend ? mime_header(a, text, (size_t)(hend - text), "Content-Type") : NULL;
	const char *b = ct ? strstr(ct, "boundary=") : NULL;
	if (!b) {
		ld_not_carried(c, ng, "UserData", v);
		return;
	}
	b += 9;
	size_t bl = *b == '"' ? strcspn(b + 1, "\"") : strcspn(b, "; \t");
	char *delim = arena_printf(a, "--%.*s", (int)bl, *b == '"' ? b + 1 : b);
	size_t dl = strlen(delim);
	const char *p = strstr(hend, delim);
	while (p) {
		p += dl;
		if (strncmp(p, "--", 2) == 0)
			break;       /* the closing delimiter */
		const char *next = strstr(p, delim);
		const char *body = strstr(p, "\n\n");
		const char *body2 = strstr(p, "\r\n\r\n");
		if (!body || (body2 && body2 < body))
			body = body2;
		if (!body || (next && body > next)) {
			ld_not_carried(c, ng, "UserData.part", v);
			p = next;
			continue;
		}
		const char *pct = mime_header(a, p, (size_t)(body - p), "Content-Type");
		const char *enc = mime_header(a, p, (size_t)(body - p), "Content-Transfer-Encoding");
		body += body[0] == '\r' ? 4 : 2;
		size_t len = next ? (size_t)(next - body) : strlen(body);
		/* the line break before a delimiter belongs to the delimiter (RFC 2046) */
		if (next && len && body[len - 1] == '\n')
			len -= len > 1 && body[len - 2] == '\r' ? 2 : 1;
		const char *content = arena_strndup(a, body, len);
		if (enc && strcasecmp(enc, "7bit") != 0 && strcasecmp(enc, "8bit") != 0) {
			ld_not_carried(c, ng, "UserData.part", v);
		} else if (pct && strncasecmp(pct, "text/x-shellscript", 18) == 0) {
			user_data_script(c, ng, content, v);
		} else if (pct && strncasecmp(pct, "application/node.eks.aws", 24) == 0) {
			SVal doc = sval_lit(content, &v->loc, ORIGIN_DERIVED);
			doc.s = ld_nodeadm_flags(c, ng, &doc, "UserData");
			if (!ng->nodeadm.set)
				ng->nodeadm = (SList){ .loc = v->loc, .origin = ORIGIN_DERIVED, .set = true };
			ld_list_add(a, &ng->nodeadm, &doc);
		} else {
			ld_not_carried(c, ng, "UserData.part", v);
		}
		p = next;
	}
}

/*
 * The bootstrap a launch template's user data runs says the AMI family of
 * its custom AMI (ImageId), as user_data_type (read with a custom AMI only,
 * lower.c ami_select()): each needle marks one family's bootstrap.  Windows'
 * Start-EKSBootstrap.ps1 is the same on every Windows Server version, so it
 * names none of Karpenter's Windows families: not inferred (KG305's note).
 */
static const struct { const char *needle, *family; } user_data_families[] = {
	{ "/etc/eks/bootstrap.sh", "AmazonLinux2" },
	{ "node.eks.aws", "AmazonLinux2023" },  /* nodeadm: NodeConfig apiVersion, MIME type application/node.eks.aws */
	{ "[settings.", "Bottlerocket" },       /* Bottlerocket's TOML settings */
};

/* user_data_type from the decoded user data `text`, when exactly one family's bootstrap is in it */
static void
user_data_family(NodeGroup *ng, const char *text, const Value *v)
{
	const char *fam = NULL;
	for (size_t i = 0; i < sizeof user_data_families / sizeof *user_data_families; i++) {
		if (!strstr(text, user_data_families[i].needle))
			continue;
		if (fam && strcmp(fam, user_data_families[i].family) != 0)
			return;                 /* two bootstraps: not guessed */
		fam = user_data_families[i].family;
	}
	if (fam && !ng->user_data_type.set)
		ng->user_data_type = sval_lit(fam, &v->loc, ORIGIN_DERIVED);
}

/*
 * UserData: base64 as the CLI prints it, kept as written (user_data) and
 * decoded: a MIME multipart document or a shell script is carried as the
 * user data that runs before bootstrap (a script that runs bootstrap
 * itself: its commands before it and its arguments, ld_bootstrap_script());
 * Bottlerocket TOML settings are carried as such (their node labels and
 * taints to the NodePool: ld_bottlerocket_settings()); anything else (PowerShell,
 * cloud-config, compressed data) is not carried (KG240).  Not base64, or
 * more than EC2 accepts: KG112.
 */
static void
set_lt_user_data(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	ng->user_data = s;
	if (s.unknown || !s.s)
		return;
	size_t n;
	const char *text = base64_decode(c->ir->arena, ng->user_data.s, strlen(ng->user_data.s), &n);
	if (!text) {
		Diag *d = n == SIZE_MAX ?
		    diag(KG112, &v->loc, "'%s' is not base64", f->key) :
		    diag(KG112, &v->loc, "'%s' decodes to more than %d bytes", f->key, USER_DATA_MAX);
		diag_note(d, NULL, n == SIZE_MAX ? "describe-launch-template-versions prints the user data base64-encoded; "
		    "give its output unchanged" : "EC2 accepts at most 16 KiB of user data: this is not a launch "
		    "template's");
		return;
	}
	if (memchr(text, '\0', n)) {
		ld_not_carried(c, ng, f->key, v);      /* compressed (cloud-init takes gzip) or binary */
		return;
	}
	user_data_family(ng, text, v);
	const char *t = text;
	while (*t == ' ' || *t == '\n' || *t == '\r' || *t == '\t')
		t++;
	if (strncasecmp(t, "MIME-Version:", 13) == 0 || strncasecmp(t, "Content-Type: multipart", 23) == 0)
		user_data_mime(c, ng, t, v);
	else if (strncmp(t, "#!", 2) == 0 && !strstr(t, "<powershell>"))
		user_data_script(c, ng, t, v);
	else if (*t == '[') {
		SVal toml = sval_lit(t, &v->loc, ORIGIN_DERIVED);
		toml.s = ld_bottlerocket_settings(c, ng, &toml, f->key);
		if (!ng->bottlerocket_toml.set)
			ng->bottlerocket_toml = (SList){ .loc = v->loc, .origin = ORIGIN_DERIVED, .set = true };
		if (toml.s[strspn(toml.s, " \t\r\n")])
			ld_list_add(c->ir->arena, &ng->bottlerocket_toml, &toml);
	} else if (*t)
		ld_not_carried(c, ng, f->key, v);
}

/* LaunchTemplateData: what a launch template gives the groups that use it. */
static const FieldDef lt_imds_fields[] = {
	{ "HttpTokens", fs_str, LTD(metadata_http_tokens), NULL },
	{ "HttpPutResponseHopLimit", fs_int, LTD(metadata_hop_limit), NULL },
	{ "HttpEndpoint", fs_str, LTD(metadata_http_endpoint), NULL },
	{ "HttpProtocolIpv6", fs_str, LTD(metadata_http_ipv6), NULL },
	{ "InstanceMetadataTags", fs_not_carried_unless_default, offsetof(LtVersion, data), NULL },
	{ "State", fs_ignore, 0, NULL },        /* pending / applied: whether EC2 has applied them yet */
	{ NULL, NULL, 0, NULL },
};

/* CapacityReservationSpecification { CapacityReservationPreference, CapacityReservationTarget { ... } } */
static void
set_lt_odcr(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[3] = { "CapacityReservationPreference",
		"CapacityReservationTarget.CapacityReservationId",
		"CapacityReservationTarget.CapacityReservationResourceGroupArn" };
	const Value *t = v_get(v, "CapacityReservationTarget");
	ld_capacity_reservation(c, (NodeGroup *)(void *)((char *)obj + f->off), f->key, v,
	    v_get(v, "CapacityReservationPreference"), t ? v_get(t, "CapacityReservationId") : NULL,
	    t ? v_get(t, "CapacityReservationResourceGroupArn") : NULL, names);
}

/*
 * LaunchTemplateData.Placement (and an ASG's PlacementGroup, a name):
 * ld_placement()
 */
static void
set_lt_placement(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[PL_N] = {
		[PL_GROUP_NAME] = "GroupName", [PL_GROUP_ID] = "GroupId", [PL_PARTITION] = "PartitionNumber",
		[PL_TENANCY] = "Tenancy", [PL_HOST_ID] = "HostId", [PL_HOST_RG] = "HostResourceGroupArn",
		[PL_AFFINITY] = "Affinity", [PL_ZONE] = "AvailabilityZone", [PL_SPREAD] = "SpreadDomain",
	};
	const Value *parts[PL_N];
	for (int k = 0; k < PL_N; k++)
		parts[k] = v && v->kind == V_MAP ? v_get(v, names[k]) : NULL;
	ld_placement(c, (NodeGroup *)(void *)((char *)obj + f->off), f->key, v, parts, names);
}

static void
set_asg_placement_group(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[PL_N] = { [PL_GROUP_NAME] = "" };
	const Value *parts[PL_N] = { [PL_GROUP_NAME] = v };
	ld_placement(c, (NodeGroup *)(void *)((char *)obj + f->off), f->key, v, parts, names);
}

const FieldDef awscli_lt_fields[] = {
	{ "ImageId", fs_str, LTD(ami_id), NULL },
	{ "InstanceType", set_lt_instance_type, offsetof(LtVersion, data), NULL },
	{ "BlockDeviceMappings", set_block_devices, offsetof(LtVersion, data), NULL },
	{ "InstanceMarketOptions", set_market, offsetof(LtVersion, data), NULL },
	{ "MetadataOptions", fs_sub, 0, lt_imds_fields },
	{ "SecurityGroupIds", fs_list, LTD(security_groups), NULL },
	{ "NetworkInterfaces", set_lt_enis, offsetof(LtVersion, data), NULL },
	{ "UserData", set_lt_user_data, offsetof(LtVersion, data), NULL },
	{ "TagSpecifications", set_lt_tags, offsetof(LtVersion, data), NULL },
	{ "Monitoring", set_lt_monitoring, offsetof(LtVersion, data), NULL },
	/* not carried: KG240 on the groups that use the template */
	{ "KeyName", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "Placement", set_lt_placement, offsetof(LtVersion, data), NULL },
	{ "CapacityReservationSpecification", set_lt_odcr, offsetof(LtVersion, data), NULL },
	{ "CreditSpecification", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "CpuOptions", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "IamInstanceProfile", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "DisableApiTermination", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "DisableApiStop", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "PrivateDnsNameOptions", fs_not_carried_unless_default, offsetof(LtVersion, data), NULL },
	{ "InstanceInitiatedShutdownBehavior", fs_not_carried_unless_default, offsetof(LtVersion, data), NULL },
	{ "MaintenanceOptions", fs_not_carried_unless_default, offsetof(LtVersion, data), NULL },
	{ "HibernationOptions", fs_not_carried_unless_default, offsetof(LtVersion, data), NULL },
	{ "EnclaveOptions", fs_not_carried_unless_default, offsetof(LtVersion, data), NULL },
	{ "LicenseSpecifications", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "InstanceRequirements", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "KernelId", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "RamDiskId", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "ElasticGpuSpecifications", fs_not_carried, offsetof(LtVersion, data), NULL },
	{ "ElasticInferenceAccelerators", fs_not_carried, offsetof(LtVersion, data), NULL },
	/*
	 * EBS optimization: on by default on every current instance type, and what
	 * Karpenter's launches get; an older type where it is optional is rare
	 */
	{ "EbsOptimized", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

/* ---------------------------------------------- describe-nodegroup */

static void
ng_cluster_name(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (s.set)
		ld_cluster(c, &c->ir->cluster.name, &s, "name");
}

static void
ng_arn(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	ng->nodegroup_arn = s;
	ld_cluster_from_arn(c, &ng->nodegroup_arn);
}

/* resources.autoScalingGroups: [{"name": ...}]; the first names the group's ASG. */
static void
ng_asgs(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	if (v->kind != V_LIST || v->n == 0)
		return;
	const Value *name = v_get(v->items[0], c->pascal ? "Name" : "name");
	SVal s = sval_of(c->ir, name, f->key);
	if (s.set)
		ng->asg_name = s;
}

static const FieldDef scaling_fields[] = {
	{ "minSize", fs_int, NG(min_size), NULL },
	{ "maxSize", fs_int, NG(max_size), NULL },
	{ "desiredSize", fs_int, NG(desired_size), NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef lt_spec_fields[] = {
	{ "id", fs_str, NG(launch_template), NULL },
	{ "name", set_lt_name, 0, NULL },
	{ "version", fs_str, NG(launch_template_version), NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef resources_fields[] = {
	{ "autoScalingGroups", ng_asgs, 0, NULL },
	{ "remoteAccessSecurityGroup", fs_ignore, 0, NULL },   /* remoteAccess's, listed with it */
	{ NULL, NULL, 0, NULL },
};

const FieldDef awscli_nodegroup_fields[] = {
	{ "nodegroupName", fs_str, NG(name), NULL },
	{ "nodegroupArn", ng_arn, 0, NULL },
	{ "clusterName", ng_cluster_name, 0, NULL },
	{ "releaseVersion", fs_str, NG(release_version), NULL },
	{ "capacityType", fs_str, NG(capacity_type), NULL },
	{ "scalingConfig", fs_sub, 0, scaling_fields },
	{ "instanceTypes", fs_list, NG(instance_types), NULL },
	{ "subnets", fs_list, NG(subnet_ids), NULL },
	{ "amiType", fs_str, NG(ami_type), NULL },
	{ "nodeRole", fs_str, NG(node_role), NULL },
	{ "labels", fs_kv, NG(labels), NULL },
	{ "taints", set_taints, 0, NULL },
	{ "resources", fs_sub, 0, resources_fields },
	{ "diskSize", fs_int, NG(volume_size), NULL },
	{ "launchTemplate", fs_sub, 0, lt_spec_fields },
	{ "tags", fs_kv, NG(tags), NULL },
	{ "remoteAccess", fs_not_carried, 0, NULL },
	{ "nodeRepairConfig", fs_not_carried_unless_default, 0, NULL },
	/* rolling updates of the group (maxUnavailable): Karpenter's disruption budgets replace them (docs/settings.md) */
	{ "updateConfig", fs_ignore, 0, NULL },
	/* read-only facts of the group */
	{ "version", fs_ignore, 0, NULL },
	{ "createdAt", fs_ignore, 0, NULL },
	{ "modifiedAt", fs_ignore, 0, NULL },
	{ "status", fs_ignore, 0, NULL },
	{ "health", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static NodeGroup *
read_nodegroup(Aws *a, const Value *v, const char *kind)
{
	LoadCtx *c = &a->c;
	if (v->kind != V_MAP) {
		diag(KG106, &v->loc, "'nodegroup' should be an object, not %s", ld_a_kind(v->kind));
		return NULL;
	}
	NodeGroup *ng = a->spare_ng ? memset(a->spare_ng, 0, sizeof *ng) : arena_alloc(c->ir->arena, sizeof *ng);
	a->spare_ng = NULL;
	ng->loc = v->loc;
	ng->source = NGS_AWS_CLI;
	ng->kind = kind;
	ld_apply(c, awscli_nodegroup_fields, ng, v, "nodegroup");
	if (!ng->name.set &&
	    !v_get(v, c->pascal ? "NodegroupName" : "nodegroupName")) {
		Diag *d = diag(KG112, &v->loc, "node group without '%s'", c->pascal ? "NodegroupName" : "nodegroupName");
		diag_note(d, NULL, "karpgen needs the name to match the group with its NodePool; this group is skipped");
		a->spare_ng = ng;
		return NULL;
	}
	if (!ng->name.set) {
		a->spare_ng = ng;
		return NULL;        /* a name of the wrong type: KG106 said so */
	}
	VEC_PUSH(c->ir->arena, c->ir->groups, ng);
	return ng;
}

static void
shape_nodegroup(Aws *a, const Value *v)
{
	saw(a, "describe-nodegroup");
	a->c.warn_unknown = true;    /* not in CloudFormation, whose properties are another API's */
	read_nodegroup(a, v, "describe-nodegroup");
	a->c.warn_unknown = false;
}

/* ---------------------------------------------- describe-cluster */

static void
cl_arn(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (s.set)
		ld_cluster_from_arn(c, &s);
}

static void
cl_subnets(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	SList l = slist_of(c->ir, v, f->key);
	if (!l.set)
		return;
	for (int i = 0; i < l.n; i++)
		if (!l.v[i].unknown)
			ld_subnet(c->ir, &l.v[i])->cluster_subnet = true;
}

static void
cl_sgs(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	Cluster *cl = obj;
	SList l = slist_of(c->ir, v, f->key);
	if (!l.set)
		return;
	if (!cl->security_groups.set) {
		cl->security_groups = l;
		return;
	}
	for (int i = 0; i < l.n; i++) {
		bool have = false;
		for (int j = 0; j < cl->security_groups.n; j++)
			have |= !l.v[i].unknown && cl->security_groups.v[j].s && strcmp(cl->security_groups.v[j].s, l.v[i].s) == 0;
		if (!have)
			ld_list_add(c->ir->arena, &cl->security_groups, &l.v[i]);
	}
}

static void
cl_tags(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	Cluster *cl = obj;
	KVList l = kvlist_of(c->ir, v, f->key);
	if (l.set)
		ld_kv_merge(c->ir->arena, &cl->tags, &l);
}

static const FieldDef vpc_fields[] = {
	{ "subnetIds", cl_subnets, 0, NULL },
	{ "securityGroupIds", cl_sgs, 0, NULL },
	{ "clusterSecurityGroupId", fs_cluster, offsetof(Cluster, cluster_sg), NULL },
	{ "vpcId", fs_cluster, offsetof(Cluster, vpc_id), NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef oidc_fields[] = {
	{ "issuer", fs_cluster, offsetof(Cluster, oidc_issuer), NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef identity_fields[] = {
	{ "oidc", fs_sub, 0, oidc_fields },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef cluster_fields[] = {
	{ "name", fs_cluster, offsetof(Cluster, name), NULL },
	{ "arn", cl_arn, 0, NULL },
	{ "version", fs_cluster, offsetof(Cluster, k8s_version), NULL },
	{ "endpoint", fs_cluster, offsetof(Cluster, endpoint), NULL },
	{ "resourcesVpcConfig", fs_sub, 0, vpc_fields },
	{ "identity", fs_sub, 0, identity_fields },
	{ "tags", cl_tags, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static void
shape_cluster(Aws *a, const Value *v)
{
	saw(a, "describe-cluster");
	ld_apply(&a->c, cluster_fields, &a->c.ir->cluster, v, "cluster");
}

/* ------------------------------------- describe-subnets, -availability-zones */

static void
zone_add(LoadCtx *c, const SVal *name, const SVal *id)
{
	if (!name->set || !id->set || name->unknown || id->unknown)
		return;
	Cluster *cl = &c->ir->cluster;
	for (int i = 0; i < cl->zone_map.n; i++) {
		Zone *z = &cl->zone_map.v[i];
		bool same_name = strcmp(z->name.s, name->s) == 0, same_id = strcmp(z->id.s, id->s) == 0;
		if (same_name && same_id)
			return;
		if (same_name || same_id) {
			const SVal *now = same_name ? id : name, *was = same_name ? &z->id : &z->name;
			Diag *d = diag(KG107, &now->loc, "availability zone '%s' maps to '%s' here but to '%s' before",
			    same_name ? name->s : id->s, now->s, was->s);
			diag_note(d, &was->loc, "the earlier mapping");
			diag_note(d, NULL, "zone names map to ids per account: give outputs of one account");
			return;
		}
	}
	Zone z = { .name = *name, .id = *id };
	VEC_PUSH(c->ir->arena, cl->zone_map, z);
}

static void
sn_tags(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	read_tag_list(c, v, &((Subnet *)obj)->tags, f->key);
}

static const FieldDef subnet_fields[] = {
	{ "SubnetId", fs_str, offsetof(Subnet, id), NULL },
	{ "AvailabilityZone", fs_str, offsetof(Subnet, zone_name), NULL },
	{ "AvailabilityZoneId", fs_str, offsetof(Subnet, zone_id), NULL },
	{ "VpcId", fs_str, offsetof(Subnet, vpc_id), NULL },
	{ "Tags", sn_tags, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static void
fill_sval(SVal *dst, const SVal *src)
{
	if (!dst->set && src->set)
		*dst = *src;
}

static void
read_subnet(Aws *a, const Value *v)
{
	Subnet s = { 0 };
	saw(a, "describe-subnets");
	ld_apply(&a->c, subnet_fields, &s, v, "subnet");
	if (!s.id.set || s.id.unknown)
		return;
	Subnet *have = ld_subnet(a->c.ir, &s.id);
	fill_sval(&have->zone_name, &s.zone_name);
	fill_sval(&have->zone_id, &s.zone_id);
	fill_sval(&have->vpc_id, &s.vpc_id);
	if (s.tags.set)
		ld_kv_merge(a->c.ir->arena, &have->tags, &s.tags);
	zone_add(&a->c, &s.zone_name, &s.zone_id);
}

static void
read_zone(Aws *a, const Value *v)
{
	static const FieldDef zone_fields[] = {
		{ "ZoneName", fs_str, offsetof(Zone, name), NULL },
		{ "ZoneId", fs_str, offsetof(Zone, id), NULL },
		{ NULL, NULL, 0, NULL },
	};
	Zone z = { 0 };
	saw(a, "describe-availability-zones");
	ld_apply(&a->c, zone_fields, &z, v, "availability zone");
	SVal region;
	const Value *r = v_get(v, "RegionName");
	if (r && (region = sval_of(a->c.ir, r, "RegionName")).set)
		ld_cluster(&a->c, &a->c.ir->cluster.region, &region, "region");
	zone_add(&a->c, &z.name, &z.id);
}

/* ---------------------------------------------- launch-template versions */

static void
lt_name(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SVal s = sval_of(c->ir, v, f->key);
	if (s.set)
		((LtVersion *)obj)->name = s;
}

static const FieldDef ltv_fields[] = {
	{ "LaunchTemplateId", fs_str, offsetof(LtVersion, id), NULL },
	{ "LaunchTemplateName", lt_name, 0, NULL },
	{ "VersionNumber", fs_int, offsetof(LtVersion, number), NULL },
	{ "DefaultVersion", fs_bool, offsetof(LtVersion, is_default), NULL },
	{ "LaunchTemplateData", fs_sub, 0, awscli_lt_fields },
	{ "CreateTime", fs_ignore, 0, NULL },
	{ "CreatedBy", fs_ignore, 0, NULL },
	{ "VersionDescription", fs_ignore, 0, NULL },
	{ "Operator", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static LtVersion *
read_ltv(Aws *a, const Value *v)
{
	LtVersion *lt = arena_alloc(a->c.ir->arena, sizeof *lt);
	lt->loc = v->loc;
	saw(a, "describe-launch-template-versions");
	LoadCtx c = a->c;
	c.warn_unknown = true;
	ld_apply(&c, ltv_fields, lt, v, "launch template version");
	VEC_PUSH(a->c.ir->arena, a->c.ir->aws->lts, lt);
	return lt;
}

/* ---------------------------------------------- describe-auto-scaling-groups */

static void
asg_name(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	AsgRec *r = obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	r->name = s;
	r->data.asg_name = r->name;
}

static void
asg_subnets(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	/* "subnet-a,subnet-b": one string; each id keeps the string's place */
	AsgRec *r = obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set || s.unknown)
		return;
	SList l = { .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	for (const char *p = s.s; *p;) {
		size_t n = strcspn(p, ",");
		const char *b = p, *e = p + n;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		if (e > b) {
			SVal item = s;
			item.s = arena_strndup(c->ir->arena, b, (size_t)(e - b));
			ld_list_add(c->ir->arena, &l, &item);
		}
		p += n + (p[n] == ',');
	}
	r->data.subnet_ids = l;
}

/*
 * The tags an ASG carries say whose it is (eks:nodegroup-name,
 * eks:cluster-name) and, for the Cluster Autoscaler's scale-from-zero, what
 * labels and taints its nodes get (k8s.io/cluster-autoscaler/node-template/...).
 */
static void
asg_tags(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char label_pfx[] = "k8s.io/cluster-autoscaler/node-template/label/";
	static const char taint_pfx[] = "k8s.io/cluster-autoscaler/node-template/taint/";
	AsgRec *r = obj;
	Arena *a = c->ir->arena;
	KVList all = { 0 };
	read_tag_list(c, v, &all, f->key);
	/* the instances' tags: those the ASG propagates at launch; the others tag the ASG alone */
	if (all.set)
		r->data.tags = (KVList){ .loc = all.loc, .origin = all.origin, .set = true };
	for (int i = 0; v->kind == V_LIST && i < v->n; i++) {
		const Value *k = v_get(v->items[i], "Key"), *p = v_get(v->items[i], "PropagateAtLaunch");
		/* a bool in the CLI's output, "false" in a CloudFormation template */
		if (!k || k->kind != V_STR || (p && ((p->kind == V_BOOL && !p->b) || v_is_str(p, "false"))))
			continue;
		for (int j = 0; j < all.n; j++)
			if (all.v[j].key.s && strcmp(all.v[j].key.s, k->s) == 0) {
				ld_kv_add(a, &r->data.tags, &all.v[j].key, &all.v[j].value);
				break;
			}
	}
	for (int i = 0; i < all.n; i++) {
		const KV *kv = &all.v[i];
		const char *k = kv->key.s;
		if (!k || kv->value.unknown)
			continue;
		if (strcmp(k, "eks:nodegroup-name") == 0) {
			r->ng_name = kv->value;
		} else if (strcmp(k, "eks:cluster-name") == 0) {
			ld_cluster(c, &c->ir->cluster.name, &kv->value, "name");
		} else if (strncmp(k, label_pfx, sizeof label_pfx - 1) == 0) {
			SVal key = kv->key;
			key.s = k + sizeof label_pfx - 1;
			if (!r->data.labels.set)
				r->data.labels = (KVList){ .loc = kv->key.loc, .origin = ORIGIN_INPUT, .set = true };
			ld_kv_add(a, &r->data.labels, &key, &kv->value);
		} else if (strncmp(k, taint_pfx, sizeof taint_pfx - 1) == 0) {
			/* "value:Effect" */
			Taint t = { .key = kv->key, .value = kv->value, .loc = kv->key.loc, .origin = ORIGIN_INPUT };
			t.key.s = k + sizeof taint_pfx - 1;
			const char *colon = strrchr(kv->value.s, ':');
			if (colon) {
				t.value.s = arena_strndup(a, kv->value.s, (size_t)(colon - kv->value.s));
				t.effect = kv->value;
				t.effect.s = colon + 1;
			}
			VEC_PUSH(a, r->data.taints, t);
		}
	}
}

/*
 * Overrides: [{InstanceType, WeightedCapacity, LaunchTemplateSpecification,
 * InstanceRequirements}]: the types, and the capacity units each counts for
 * in the group's sizes (type_weights, which lower.c's limits read; kept only
 * when every type has one, as EC2 Auto Scaling requires).  A type's own
 * launch template and attribute-based selection are not carried.
 */
static void
asg_overrides(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	AsgRec *r = obj;
	if (v->kind != V_LIST)
		return;
	SList l = { .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	bool weighted = true;
	r->data.type_weights.n = 0;
	for (int i = 0; i < v->n; i++) {
		const Value *it = v_get(v->items[i], "InstanceType");
		SVal s;
		if (!it || !(s = sval_of(c->ir, it, f->key)).set) {
			ld_not_carried(c, &r->data, "InstanceRequirements", v_get(v->items[i], "InstanceRequirements"));
			continue;
		}
		ld_list_add(c->ir->arena, &l, &s);
		ld_not_carried(c, &r->data, "Overrides.LaunchTemplateSpecification",
		    v_get(v->items[i], "LaunchTemplateSpecification"));
		IVal w = ival_of(c->ir, v_get(v->items[i], "WeightedCapacity"), "WeightedCapacity");
		weighted &= w.set && !w.unknown && w.v >= 1;
		if (weighted)
			VEC_PUSH(c->ir->arena, r->data.type_weights, w);
	}
	if (!weighted || r->data.type_weights.n != l.n)
		r->data.type_weights.n = 0;
	if (l.n)
		r->data.instance_types = l;
}

static void
asg_launch_config(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set || s.unknown)
		return;
	Diag *d = diag(KG109, &v->loc, "launch configuration '%s' is not read: the group's instance type "
	    "and AMI are unknown", s.s);
	diag_note(d, NULL, "launch configurations are retired; move the group to a launch template and give "
	    "'aws ec2 describe-launch-template-versions' output");
}

static const FieldDef asg_lt_fields[] = {
	{ "LaunchTemplateId", fs_str, ASGD(launch_template), NULL },
	{ "LaunchTemplateName", set_lt_name, offsetof(AsgRec, data), NULL },
	{ "Version", fs_str, ASGD(launch_template_version), NULL },
	{ NULL, NULL, 0, NULL },
};

/*
 * The spot settings of a distribution: EC2 prints them (with its defaults)
 * for every mixed-instances group; they are not carried (KG240) when the
 * group has spot in it, and mean nothing when it is all on-demand.
 */
static const FieldDef asg_spot_fields[] = {
	{ "SpotAllocationStrategy", fs_not_carried_unless_default, offsetof(AsgRec, data), NULL },
	{ "SpotInstancePools", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "SpotMaxPrice", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef asg_distribution_fields[] = {
	{ "OnDemandBaseCapacity", fs_int, ASGD(on_demand_base), NULL },
	{ "OnDemandPercentageAboveBaseCapacity", fs_int, ASGD(on_demand_percent), NULL },
	/* the on-demand types' order: Karpenter launches the cheapest the NodePool allows */
	{ "OnDemandAllocationStrategy", fs_ignore, 0, NULL },
	{ "SpotAllocationStrategy", fs_ignore, 0, NULL },    /* asg_spot_fields, once the split is known */
	{ "SpotInstancePools", fs_ignore, 0, NULL },
	{ "SpotMaxPrice", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef asg_mixed_lt_fields[] = {
	{ "LaunchTemplateSpecification", fs_sub, 0, asg_lt_fields },
	{ "Overrides", asg_overrides, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef asg_mixed_fields[] = {
	{ "LaunchTemplate", fs_sub, 0, asg_mixed_lt_fields },
	{ "InstancesDistribution", fs_sub, 0, asg_distribution_fields },
	{ NULL, NULL, 0, NULL },
};

static void
asg_arn(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (s.set)
		ld_cluster_from_arn(c, &s);
}

/* TrafficSources: the load balancers' target groups repeat TargetGroupARNs and LoadBalancerNames; others (VPC Lattice) are not carried */
static void
asg_traffic_sources(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	if (v->kind != V_LIST)
		return;
	for (int i = 0; i < v->n; i++) {
		const Value *t = v_get(v->items[i], "Type");
		if (!v_is_str(t, "elb") && !v_is_str(t, "elbv2")) {
			fs_not_carried(c, obj, v, f);
			return;
		}
	}
}

const FieldDef awscli_asg_fields[] = {
	{ "AutoScalingGroupName", asg_name, 0, NULL },
	{ "AutoScalingGroupARN", asg_arn, 0, NULL },
	{ "LaunchTemplate", fs_sub, 0, asg_lt_fields },
	{ "LaunchConfigurationName", asg_launch_config, 0, NULL },
	{ "MixedInstancesPolicy", fs_sub, 0, asg_mixed_fields },
	{ "MinSize", fs_int, ASGD(min_size), NULL },
	{ "MaxSize", fs_int, ASGD(max_size), NULL },
	{ "DesiredCapacity", fs_int, ASGD(desired_size), NULL },
	{ "AvailabilityZones", fs_list, ASGD(zones), NULL },
	{ "VPCZoneIdentifier", asg_subnets, 0, NULL },
	{ "PlacementGroup", set_asg_placement_group, offsetof(AsgRec, data), NULL },
	{ "Tags", asg_tags, 0, NULL },
	{ "MaxInstanceLifetime", fs_int, ASGD(max_lifetime), NULL },
	/* not carried: KG240 */
	{ "TargetGroupARNs", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "LoadBalancerNames", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "TrafficSources", asg_traffic_sources, offsetof(AsgRec, data), NULL },
	{ "SuspendedProcesses", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "WarmPoolConfiguration", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "CapacityRebalance", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "NewInstancesProtectedFromScaleIn", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "TerminationPolicies", fs_not_carried_unless_default, offsetof(AsgRec, data), NULL },
	{ "HealthCheckType", fs_not_carried_unless_default, offsetof(AsgRec, data), NULL },
	{ "InstanceMaintenancePolicy", fs_not_carried, offsetof(AsgRec, data), NULL },
	{ "DesiredCapacityType", fs_not_carried_unless_default, offsetof(AsgRec, data), NULL },
	/* read-only facts, and settings of the ASG's own scaling that Karpenter's provisioning replaces */
	{ "CreatedTime", fs_ignore, 0, NULL },
	{ "Instances", fs_ignore, 0, NULL },
	{ "Status", fs_ignore, 0, NULL },
	{ "EnabledMetrics", fs_ignore, 0, NULL },
	{ "ServiceLinkedRoleARN", fs_ignore, 0, NULL },
	{ "Context", fs_ignore, 0, NULL },
	{ "HealthCheckGracePeriod", fs_ignore, 0, NULL },
	{ "DefaultCooldown", fs_ignore, 0, NULL },
	{ "DefaultInstanceWarmup", fs_ignore, 0, NULL },
	{ "WarmPoolSize", fs_ignore, 0, NULL },   /* WarmPoolConfiguration's */
	{ "PredictedCapacity", fs_ignore, 0, NULL },
	/* how the ASG balances zones: Karpenter launches where the pods need (REPORT.md, "Behaviour changes") */
	{ "AvailabilityZoneDistribution", fs_ignore, 0, NULL },
	{ "AvailabilityZoneImpairmentPolicy", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static void
read_asg(Aws *a, const Value *v)
{
	AsgRec *r = a->spare_asg ? memset(a->spare_asg, 0, sizeof *r) : arena_alloc(a->c.ir->arena, sizeof *r);
	a->spare_asg = NULL;
	r->loc = v->loc;
	saw(a, "describe-auto-scaling-groups");
	LoadCtx c = a->c;
	c.warn_unknown = true;
	ld_apply(&c, awscli_asg_fields, r, v, "auto scaling group");
	if (!r->name.set || r->name.unknown) {
		diag(KG112, &v->loc, "auto scaling group without 'AutoScalingGroupName'");
		a->spare_asg = r;
		return;
	}
	r->data.loc = v->loc;
	r->data.source = NGS_AWS_CLI;
	r->data.kind = "describe-auto-scaling-groups";
	/* an EKS managed group's ASG is named by its eks:nodegroup-name tag */
	r->data.name = r->ng_name.set ? r->ng_name : r->name;
	r->data.self_managed = !r->ng_name.set;
	ld_capacity_from_distribution(&c, &r->data, "InstancesDistribution");
	const Value *dist = v_path(v, "MixedInstancesPolicy.InstancesDistribution");
	const IVal *odp = &r->data.on_demand_percent;
	if (dist && odp->set && (odp->unknown || odp->v < 100)) {
		c.warn_unknown = false;
		ld_apply(&c, asg_spot_fields, r, dist, "InstancesDistribution");
	}
	VEC_PUSH(a->c.ir->arena, a->c.ir->aws->asgs, r);
}

/* ---------------------------------------------- IAM policy documents */

static void
read_policy(Aws *a, const Value *v)
{
	PolicyDoc p = { .file = a->c.in->file, .doc = (Value *)v };
	saw(a, "IAM policy document");
	VEC_PUSH(a->c.ir->arena, a->c.ir->policies, p);
}

/*
 * `aws iam get-policy-version` prints {"PolicyVersion": {"Document": ...}},
 * `aws iam get-role-policy` {"RoleName", "PolicyName", "PolicyDocument"}; the
 * CLI decodes the document into JSON, a string is the raw API's URL-encoded
 * text, which karpgen does not read.
 */
static void
policy_document(Aws *a, const Value *doc, const char *key)
{
	if (doc && doc->kind == V_MAP) {
		read_policy(a, doc);
		return;
	}
	Diag *d = diag(KG106, doc ? &doc->loc : NULL, "'%s' should be a policy document object, not %s", key,
	    doc ? ld_a_kind(doc->kind) : "missing");
	diag_note(d, NULL, "save the AWS CLI's JSON output ('--output json'), which decodes the document");
}

static void
shape_policy_version(Aws *a, const Value *v)
{
	policy_document(a, v_get(v, "Document"), "PolicyVersion.Document");
}

static void
item_role_policy(Aws *a, const Value *v)
{
	policy_document(a, v_get(v, "PolicyDocument"), "PolicyDocument");
}

/* ---------------------------------------------- CloudFormation templates */

static bool
is_cfn_resources(const Value *v)
{
	if (v->kind != V_MAP)
		return false;
	for (int i = 0; i < v->n; i++) {
		const Value *t = v_get(v->members[i].val, "Type");
		if (t && t->kind == V_STR && strncmp(t->s, "AWS::", 5) == 0 && v_get(v->members[i].val, "Properties"))
			return true;
	}
	return false;
}

static void
read_cfn(Aws *a, const Value *res)
{
	LoadCtx saved = a->c;
	a->c.pascal = true;
	/* launch templates first: a node group's LaunchTemplate.Id is often {"Ref": <logical id>} */
	VEC(LtVersion *) lts = { 0 };
	VEC(const char *) ids = { 0 };
	int ngroups = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < res->n; i++) {
			const Value *r = res->members[i].val;
			const Value *props = v_get(r, "Properties");
			if (pass == 0 && v_is_str(v_get(r, "Type"), "AWS::EC2::LaunchTemplate")) {
				LtVersion *lt = arena_alloc(a->c.ir->arena, sizeof *lt);
				lt->loc = r->loc;
				ld_apply(&a->c, awscli_lt_fields, lt, v_get(props, "LaunchTemplateData"),
				    "LaunchTemplateData");
				VEC_PUSH(a->c.ir->arena, lts, lt);
				VEC_PUSH(a->c.ir->arena, ids, res->members[i].key);
			} else if (pass == 1 && v_is_str(v_get(r, "Type"), "AWS::EKS::Nodegroup")) {
				NodeGroup *ng = props ? read_nodegroup(a, props, "cloudformation") : NULL;
				ngroups++;
				const Value *ref = v_path(props, "LaunchTemplate.Id.Ref");
				for (int j = 0; ng && ref && ref->kind == V_STR && j < lts.n; j++)
					if (strcmp(ids.v[j], ref->s) == 0) {
						/* the template is this stack's own: link it here
						 * (launch_template stays the unknown {"Ref": ...}) */
						ng_fill(a->c.ir->arena, ng, &lts.v[j]->data);
					}
			}
		}
	if (ngroups) {
		saw(a, "CloudFormation template");
	} else {
		Diag *d = diag(KG104, &res->loc, "CloudFormation template without an 'AWS::EKS::Nodegroup' resource");
		diag_note(d, NULL, "karpgen reads node groups from CloudFormation; give the template that defines them");
	}
	a->c = saved;
}

/* ---------------------------------------------- recognition */

typedef void (*ShapeRead)(Aws *a, const Value *v);

static void shape_list_asg(Aws *a, const Value *v);
static void shape_list_ltv(Aws *a, const Value *v);
static void shape_list_subnet(Aws *a, const Value *v);
static void shape_list_zone(Aws *a, const Value *v);
static void ltv_item(Aws *a, const Value *v);

/*
 * The outputs karpgen reads: the wrapper key of the command's output and the
 * kind of its value.  A bare item (what `--query` prints) is recognised by a
 * key only that item has.
 */
static const struct Shape {
	const char *key;
	VKind kind;
	ShapeRead read;
} shapes[] = {
	{ "nodegroup", V_MAP, shape_nodegroup },
	{ "cluster", V_MAP, shape_cluster },
	{ "AutoScalingGroups", V_LIST, shape_list_asg },
	{ "LaunchTemplateVersions", V_LIST, shape_list_ltv },
	{ "Subnets", V_LIST, shape_list_subnet },
	{ "AvailabilityZones", V_LIST, shape_list_zone },
	{ "PolicyVersion", V_MAP, shape_policy_version },
}, bare_items[] = {
	{ "PolicyDocument", V_MAP, item_role_policy },
	{ "nodegroupName", V_STR, shape_nodegroup },
	{ "resourcesVpcConfig", V_MAP, shape_cluster },
	{ "AutoScalingGroupName", V_STR, read_asg },
	{ "LaunchTemplateData", V_MAP, ltv_item },
	{ "SubnetId", V_STR, read_subnet },
	{ "ZoneId", V_STR, read_zone },
};

/* Outputs of other commands that hold no node group definition: what to run instead. */
static const struct Refused {
	const char *key, *command, *instead;
} refused[] = {
	{ "nodegroups", "aws eks list-nodegroups",
	  "give 'aws eks describe-nodegroup --cluster-name CLUSTER --nodegroup-name NAME' output for each group" },
	{ "update", "aws eks update-nodegroup-config",
	  "give 'aws eks describe-nodegroup' output taken after the update" },
	{ "InstanceTypes", "aws ec2 describe-instance-types",
	  "karpgen has its own instance-type catalogue (see 'karpgen rules', KG221)" },
	{ "LaunchTemplates", "aws ec2 describe-launch-templates",
	  "give 'aws ec2 describe-launch-template-versions --launch-template-id ID' output" },
	{ "Reservations", "aws ec2 describe-instances",
	  "give 'aws autoscaling describe-auto-scaling-groups' output for the groups" },
	{ "LaunchConfigurations", "aws autoscaling describe-launch-configurations",
	  "launch configurations are retired; move to launch templates" },
};

#define EACH_ITEM(a, v, fn) do { \
		for (int i_ = 0; i_ < (v)->n; i_++) \
			fn((a), (v)->items[i_]); \
	} while (0)

static void shape_list_asg(Aws *a, const Value *v) { EACH_ITEM(a, v, read_asg); }
static void ltv_item(Aws *a, const Value *v) { read_ltv(a, v); }
static void shape_list_ltv(Aws *a, const Value *v) { EACH_ITEM(a, v, ltv_item); }
static void shape_list_subnet(Aws *a, const Value *v) { EACH_ITEM(a, v, read_subnet); }
static void shape_list_zone(Aws *a, const Value *v) { EACH_ITEM(a, v, read_zone); }

/* "an object with keys 'a', 'b', 'c', ...": what the input holds instead */
static const char *
describe(Arena *ar, const Value *v)
{
	if (v->kind != V_MAP || v->n == 0)
		return v->kind == V_MAP ? "an empty object" : v->kind == V_LIST ? "a list of scalars" :
		    ld_a_kind(v->kind);
	Buf b = { 0 };
	buf_puts(&b, "an object with keys");
	for (int i = 0; i < v->n && i < 3; i++)
		buf_printf(&b, "%s '%.40s'", i ? "," : "", v->members[i].key);
	if (v->n > 3)
		buf_puts(&b, ", ...");
	const char *s = arena_strndup(ar, b.s, b.len);
	buf_free(&b);
	return s;
}

static void
unrecognised(Aws *a, const Value *v)
{
	Diag *d;
	if (v->kind == V_MAP)
		for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
			if (v_get(v, refused[i].key)) {
				d = diag(KG104, &v->loc, "'%s' output holds no node group definition",
				    refused[i].command);
				diag_note(d, NULL, "%s", refused[i].instead);
				return;
			}
	d = diag(KG104, &v->loc, "no AWS CLI output karpgen reads has this shape: %s",
	    describe(a->c.ir->arena, v));
	diag_note(d, NULL, "expected the output of 'aws eks describe-nodegroup', 'aws eks describe-cluster', "
	    "'aws autoscaling describe-auto-scaling-groups', 'aws ec2 describe-launch-template-versions', "
	    "'aws ec2 describe-subnets' or 'aws ec2 describe-availability-zones', an IAM policy document "
	    "({\"Version\", \"Statement\"}), or a CloudFormation template with 'AWS::EKS::Nodegroup' resources");
}

static void
read_value(Aws *a, const Value *v, int depth)
{
	if (v->kind == V_LIST) {
		/* an array of outputs or items, or a concatenation of outputs */
		bool ok = depth < 2 && v->n > 0;
		for (int i = 0; ok && i < v->n; i++)
			ok = v->items[i]->kind == V_MAP || v->items[i]->kind == V_LIST;
		if (!ok && v->n > 0) {
			unrecognised(a, v);
			return;
		}
		for (int i = 0; i < v->n; i++)
			read_value(a, v->items[i], depth + 1);
		return;
	}
	if (v->kind != V_MAP) {
		unrecognised(a, v);
		return;
	}
	/* bare items first: an ASG item has an AvailabilityZones list too */
	for (size_t i = 0; i < sizeof bare_items / sizeof *bare_items; i++) {
		const Value *m = v_get(v, bare_items[i].key);
		if (m && m->kind == bare_items[i].kind) {
			bare_items[i].read(a, v);
			return;
		}
	}
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		const Value *m = v_get(v, shapes[i].key);
		if (m && m->kind == shapes[i].kind) {
			shapes[i].read(a, m);
			return;
		}
		if (m && v->n == 1 && m->kind != V_NULL) {
			/* the wrapper alone, holding the wrong kind of value */
			diag(KG106, &m->loc, "'%s' should be %s, not %s", shapes[i].key,
			    shapes[i].kind == V_MAP ? "an object" : "a list", ld_a_kind(m->kind));
			return;
		}
	}
	if (v_get(v, "Statement") && v_get(v, "Version")) {
		read_policy(a, v);
		return;
	}
	const Value *res = v_get(v, "Resources");
	if (res && is_cfn_resources(res)) {
		read_cfn(a, res);
		return;
	}
	if (is_cfn_resources(v)) {
		read_cfn(a, v);
		return;
	}
	unrecognised(a, v);
}

void
load_aws_json(IR *ir, Input *in)
{
	if (!ir->aws)
		ir->aws = arena_alloc(ir->arena, sizeof *ir->aws);
	Aws a = { .c = { .ir = ir, .in = in, .dialect = "AWS CLI output" } };
	if (!in->root)
		return;             /* json_load has said why */
	int before = diag_count(SEV_ERROR);
	read_value(&a, in->root, 0);
	if (!a.nwhat && diag_count(SEV_ERROR) > before)
		in->dialect = D_UNKNOWN;   /* refused whole (KG104): not "an input without node groups" */
	if (a.nwhat) {
		Buf b = { 0 };
		for (int i = 0; i < a.nwhat; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", a.what[i]);
		in->what = arena_strndup(ir->arena, b.s, b.len);
		buf_free(&b);
	}
}
