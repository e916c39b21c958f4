/*
 * main.c - the command line, and each command as its pipeline:
 *
 *   inputs --load--> IR --resolve--> IR' --check--> diagnostics
 *                                      \--lower--> Karpenter objects --emit--> files
 */
#include "karpgen.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_OK = 0, EXIT_DIAG = 1, EXIT_IO = 2, EXIT_USAGE = 3 };

/* ------------------------------------------------------------ options */

static char usage_msg[512];

PRINTF(1, 2) static bool
usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(usage_msg, sizeof usage_msg, fmt, ap);
	va_end(ap);
	return false;
}

static bool
set_pattern(const char **slot, const char *arg, PatId p, const char *opt, const char *what)
{
	if (!pat_match(p, arg, strlen(arg)))
		return usage_error("invalid value '%s' for '%s': expected %s", arg, opt, what);
	*slot = arg;
	return true;
}

/* Option setters: (options, argument) -> false with usage_msg set on a bad value. */
typedef bool (*Setter)(Options *o, const char *arg);

static bool opt_version(Options *o, const char *a)
{
	if (!karpenter_version_pick(a, &o->kv))
		return usage_error("unknown Karpenter version '%s' for '--karpenter-version': karpgen knows %s",
		    a, karpenter_version_list());
	return true;
}
static bool opt_format(Options *o, const char *a)
{
	static const char *const names[] = { "text", "json", "sarif", "github" };
	for (int i = 0; i < 4; i++)
		if (strcmp(a, names[i]) == 0) {
			o->out.format = (Format)i;
			return true;
		}
	return usage_error("invalid value '%s' for '--format': expected text, json, sarif or github", a);
}
static bool opt_color(Options *o, const char *a)
{
	static const char *const names[] = { "auto", "always", "never" };
	for (int i = 0; i < 3; i++)
		if (strcmp(a, names[i]) == 0) {
			o->out.color = (Color)i;
			return true;
		}
	return usage_error("invalid value '%s' for '--color': expected auto, always or never", a);
}
static bool opt_werror(Options *o, const char *a) { (void)a; o->werror = true; return true; }
static bool opt_fail_on(Options *o, const char *a)
{
	static const char *const names[] = { "note", "warning", "error" };
	for (int i = 0; i < 3; i++)
		if (strcmp(a, names[i]) == 0) {
			o->fail_on = (Severity)i;
			return true;
		}
	return usage_error("invalid value '%s' for '--fail-on': expected error, warning or note", a);
}
static bool opt_quiet(Options *o, const char *a) { (void)a; o->out.quiet = true; return true; }
static bool opt_max_diag(Options *o, const char *a)
{
	(void)o;
	char *end;
	long n = strtol(a, &end, 10);
	if (end == a || *end || n < 0 || n > 100000000)
		return usage_error("'--max-diagnostics' takes a number of diagnostics, 0 for all (not '%s')", a);
	diag_set_max((int)n);
	return true;
}
static bool opt_json(Options *o, const char *a) { (void)a; o->json = true; return true; }
static bool opt_widen(Options *o, const char *a) { (void)a; o->widen_spot = true; return true; }
static bool opt_disable(Options *o, const char *a)
{
	(void)o;
	char *copy = strdup(a), *save = NULL;
	if (!copy)
		fatal_oom();
	bool ok = true;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int r = rule_lookup(t);
		if (r < 0) {
			ok = usage_error("unknown rule '%s' for '--disable' (see 'karpgen rules')", t);
			break;
		}
		if (!diag_can_disable((RuleId)r)) {
			ok = usage_error("rule '%s' cannot be disabled: an input that cannot be read, parsed or held "
			    "leaves nothing to check", rule_table[r].id);
			break;
		}
		diag_disable((RuleId)r);
	}
	free(copy);
	return ok;
}
static bool opt_config(Options *o, const char *a)
{
	if (!*a)
		return usage_error("empty value for '--config'");
	o->config_path = a;
	return true;
}
static bool opt_no_config(Options *o, const char *a) { (void)a; o->config_path = ""; return true; }
static bool opt_allow_placeholder(Options *o, const char *a)
{
	const char *err = "invalid pattern";
	if (o->placeholders.n == LIMIT_PLACEHOLDERS)
		return usage_error("more than %d '--allow-placeholder' patterns", LIMIT_PLACEHOLDERS);
	Pattern *p = pattern_get(a, &err);
	if (!p)
		return usage_error("invalid pattern '%s' for '--allow-placeholder': %s", a, err);
	o->placeholders.v[o->placeholders.n++] = p;
	return true;
}
static bool opt_strict_refs(Options *o, const char *a) { (void)a; o->strict_refs = true; return true; }
static bool opt_force(Options *o, const char *a) { (void)a; o->force = true; return true; }
static bool opt_hook(Options *o, const char *a)
{
	(void)a;
	o->hook = true;
	diag_set_severity(KG104, SEV_NOTE);   /* a file that is no input is skipped, with a note */
	return true;
}
static bool opt_cluster(Options *o, const char *a)
{
	return set_pattern(&o->cluster_name, a, PAT_CLUSTER_NAME, "--cluster-name",
	    "an EKS cluster name (letters, digits, '-' and '_', at most 100)");
}
static bool opt_region(Options *o, const char *a)
{
	return set_pattern(&o->region, a, PAT_REGION, "--region", "an AWS region such as 'us-west-2'");
}
static bool opt_account(Options *o, const char *a)
{
	return set_pattern(&o->account_id, a, PAT_ACCOUNT_ID, "--account-id", "12 digits");
}
static bool opt_partition(Options *o, const char *a)
{
	return set_pattern(&o->partition, a, PAT_PARTITION, "--partition", "aws, aws-cn or aws-us-gov");
}
static bool opt_identity(Options *o, const char *a)
{
	o->identity_set = true;
	if (strcmp(a, "pod-identity") == 0)
		o->identity = ID_POD_IDENTITY;
	else if (strcmp(a, "irsa") == 0)
		o->identity = ID_IRSA;
	else
		return usage_error("invalid value '%s' for '--identity': expected pod-identity or irsa", a);
	return true;
}
static bool opt_ami_alias(Options *o, const char *a)
{
	return set_pattern(&o->ami_alias, a, PAT_AMI_ALIAS, "--ami-alias",
	    "FAMILY@VERSION such as 'al2023@v20251117' or 'bottlerocket@1.50.0'");
}
static bool opt_kubernetes(Options *o, const char *a)
{
	if (kube_minor(a) < 0) {
		usage_error("--kubernetes-version: '%s' is not a Kubernetes version such as '1.33'", a);
		return false;
	}
	o->kubernetes_version = a;
	return true;
}
static bool opt_home(Options *o, const char *a)
{
	if (!*a)
		return usage_error("empty value for '--karpenter-nodegroup'");
	o->karpenter_nodegroup = a;
	return true;
}
static bool opt_ami_family(Options *o, const char *a)
{
	const char *eq = strchr(a, '=');
	if (!eq || eq == a || !eq[1])
		return usage_error("invalid value '%s' for '--ami-family': expected GROUP=FAMILY such as 'workers=AL2023'", a);
	if (o->n_ami_families == LIMIT_AMI_FAMILIES)
		return usage_error("more than %d '--ami-family' options", LIMIT_AMI_FAMILIES);
	o->ami_families[o->n_ami_families++] = a;
	return true;
}
static bool opt_output(Options *o, const char *a)
{
	if (!*a)
		return usage_error("empty value for '-o'");
	o->output_dir = a;
	return true;
}
static bool opt_to(Options *o, const char *a)
{
	if (strcmp(a, "v1") != 0 && strcmp(a, "v1beta1") != 0)
		return usage_error("invalid value '%s' for '--to': expected v1 or v1beta1", a);
	o->convert_to = a;
	return true;
}

/* Which commands take an option. */
enum {
	C_COMPILE = 1 << 0, C_LINT = 1 << 1, C_VALIDATE = 1 << 2, C_CONVERT = 1 << 3,
	C_PARSE = 1 << 4, C_IR = 1 << 5, C_EXPLAIN = 1 << 6, C_RULES = 1 << 7, C_CHECK_IAM = 1 << 8,
	C_CHECKING = C_COMPILE | C_LINT | C_VALIDATE | C_CONVERT | C_IR | C_CHECK_IAM,
	C_DIAG = C_CHECKING | C_PARSE,
	C_CLUSTER = C_COMPILE | C_LINT | C_IR,
};

typedef struct OptDef {
	const char *name;
	int shortopt;
	const char *arg;          /* NULL: a flag */
	unsigned commands;
	Setter set;
	const char *help;
} OptDef;

static const OptDef optdefs[] = {
	{ "karpenter-version", 0, "X.Y.Z", C_CHECKING, opt_version, "target Karpenter version (default 1.14.1)" },
	{ "format", 0, "FMT", C_DIAG, opt_format, "diagnostics as text, json, sarif or github" },
	{ "werror", 0, NULL, C_DIAG, opt_werror, "treat warnings as errors" },
	{ "fail-on", 0, "SEV", C_DIAG, opt_fail_on, "exit 1 on diagnostics of SEV or worse: error (default), warning, note" },
	{ "disable", 0, "RULE,...", C_DIAG, opt_disable, "turn rules off (ids or names)" },
	{ "color", 0, "WHEN", C_DIAG, opt_color, "auto, always or never (NO_COLOR is honoured)" },
	{ "config", 0, "FILE", C_CHECKING, opt_config, "the project file (default: .karpgen.yaml above the inputs)" },
	{ "no-config", 0, NULL, C_CHECKING, opt_no_config, "read no project file" },
	{ "hook", 0, NULL, C_LINT | C_VALIDATE, opt_hook, "the inputs are a commit's changed files (pre-commit)" },
	{ "allow-placeholder", 0, "REGEX", C_CHECKING, opt_allow_placeholder,
	  "a template placeholder the project fills itself: no KG111 (PCRE2, repeatable)" },
	{ "strict-refs", 0, NULL, C_VALIDATE, opt_strict_refs, "a nodeClassRef to a class found nowhere is an error" },
	{ "quiet", 'q', NULL, C_DIAG, opt_quiet, "no summary line" },
	{ "max-diagnostics", 0, "N", C_DIAG, opt_max_diag, "keep at most N diagnostics, N/5 per rule (default 1000; 0: all)" },
	{ "cluster-name", 0, "NAME", C_CLUSTER, opt_cluster, "the EKS cluster name" },
	{ "region", 0, "REGION", C_CLUSTER, opt_region, "the AWS region" },
	{ "account-id", 0, "ID", C_CLUSTER, opt_account, "the AWS account id" },
	{ "partition", 0, "PART", C_CLUSTER, opt_partition, "the AWS partition (default aws)" },
	{ "identity", 0, "KIND", C_CLUSTER, opt_identity, "controller identity: pod-identity or irsa" },
	{ "ami-alias", 0, "FAMILY@VER", C_CLUSTER | C_CONVERT, opt_ami_alias, "AMI alias for EKS-optimized AMI types" },
	{ "kubernetes-version", 0, "1.N", C_CLUSTER | C_VALIDATE, opt_kubernetes,
	  "the cluster's Kubernetes version (over the inputs'): AMI pins are checked against it" },
	{ "karpenter-nodegroup", 0, "NAME", C_CLUSTER, opt_home, "the node group that runs Karpenter" },
	{ "ami-family", 0, "GROUP=FAMILY", C_CLUSTER, opt_ami_family,
	  "the bootstrap of GROUP's custom AMI: AL2, AL2023, Bottlerocket, Windows2022 ... (repeatable)" },
	{ "widen-spot", 0, NULL, C_COMPILE | C_LINT, opt_widen, "widen spot NodePools to families and sizes" },
	{ "output", 'o', "DIR", C_COMPILE | C_CONVERT, opt_output, "output directory" },
	{ "force", 0, NULL, C_COMPILE | C_CONVERT, opt_force, "-o may replace an earlier kit whose files were edited" },
	{ "to", 0, "API", C_CONVERT, opt_to, "target API: v1 (default) or v1beta1" },
	{ "json", 0, NULL, C_PARSE, opt_json, "print JSON in hcl2json's shape" },
};
enum { NOPTS = sizeof optdefs / sizeof *optdefs };

/* ------------------------------------------------------------ commands */

typedef int (*Handler)(Options *o);

typedef struct Command {
	const char *name;
	unsigned bit;
	const char *synopsis;
	const char *summary;
	int min_args, max_args;   /* max -1: any */
	Handler run;
} Command;

static int cmd_rules(Options *o);
static int cmd_compile(Options *o);
static int cmd_explain(Options *o);
static int cmd_ir(Options *o);
static int cmd_lint(Options *o);
static int cmd_check_iam(Options *o);
static int cmd_parse(Options *o);
static int cmd_validate(Options *o);
static int cmd_convert(Options *o);

static const Command commands[] = {
	{ "compile", C_COMPILE, "compile [OPTIONS] INPUT... -o DIR",
	  "inputs -> IR -> checks -> migration kit in DIR (nothing written on error)", 1, -1, cmd_compile },
	{ "lint", C_LINT, "lint [OPTIONS] INPUT|DIR...",
	  "parse and check only; writes nothing (pre-commit)", 1, -1, cmd_lint },
	{ "check-iam", C_CHECK_IAM, "check-iam [OPTIONS] POLICY.json...",
	  "an existing controller policy against the target version's official one", 1, -1, cmd_check_iam },
	{ "validate", C_VALIDATE, "validate [OPTIONS] PATH...",
	  "Karpenter manifests against the CRD schemas and rules of the target version", 1, -1, cmd_validate },
	{ "convert", C_CONVERT, "convert [OPTIONS] FILE... [-o DIR]",
	  "v1alpha5 / v1beta1 manifests -> the target API, offline", 1, -1, cmd_convert },
	{ "parse", C_PARSE, "parse --json FILE",
	  "HCL -> JSON in the shape HashiCorp's hcl2json prints", 1, 1, cmd_parse },
	{ "ir", C_IR, "ir [OPTIONS] INPUT...",
	  "the IR as canonical text: what karpgen understood", 1, -1, cmd_ir },
	{ "explain", C_EXPLAIN, "explain RULE", "the rule's documentation (id or name)", 1, 1, cmd_explain },
	{ "rules", C_RULES, "rules", "the rule catalogue, one a line", 0, 0, cmd_rules },
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

static void
print_usage(FILE *out)
{
	fputs("usage: karpgen COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", out);
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-36s %s\n", commands[i].synopsis, commands[i].summary);
	fputs("\nRun 'karpgen COMMAND --help' for a command's options; 'man karpgen' for the rest.\n"
	    "Exit status: 0 no error, 1 error diagnostics, 2 input/output failure or limit, 3 usage.\n", out);
}

static void
print_command_help(FILE *out, const Command *c)
{
	fprintf(out, "usage: karpgen %s\n\n%s\n", c->synopsis, c->summary);
	bool any = false;
	for (int i = 0; i < NOPTS; i++) {
		const OptDef *d = &optdefs[i];
		if (!(d->commands & c->bit))
			continue;
		if (!any)
			fputs("\noptions:\n", out);
		any = true;
		char left[64];
		snprintf(left, sizeof left, "%s%c%s--%s%s%s", d->shortopt ? "-" : " ",
		    d->shortopt ? d->shortopt : ' ', d->shortopt ? ", " : "  ", d->name,
		    d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(out, "  %-34s %s\n", left, d->help);
	}
	fputs("  -h, --help                         this help\n", out);
}

static int
usage_fail(const char *cmd)
{
	fprintf(stderr, "karpgen: %s\n", usage_msg);
	if (cmd)
		fprintf(stderr, "Try 'karpgen %s --help'.\n", cmd);
	else
		fputs("Try 'karpgen --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Exit status of a run from its diagnostics (DESIGN.md section 1): 1 when one is at or above --fail-on. */
static int
diag_exit(const Options *o)
{
	if (diag_fatal())
		return EXIT_IO;
	for (int s = o->fail_on; s <= SEV_ERROR; s++)
		if (diag_count((Severity)s))
			return EXIT_DIAG;
	return EXIT_OK;
}

static int
finish(Options *o)
{
	/*
	 * Machine formats go to stdout, unless the command prints its own result
	 * there (parse, ir, convert without -o): then stderr, so the two never mix.
	 */
	bool own_stdout = strcmp(o->command, "parse") == 0 || strcmp(o->command, "ir") == 0 ||
	    (strcmp(o->command, "convert") == 0 && !o->output_dir);
	FILE *out = o->out.format == FMT_TEXT || own_stdout ? stderr : stdout;
	diag_print(out, &o->out);
	return diag_exit(o);
}

static Arena *run_arena;

static int
cmd_rules(Options *o)
{
	static const char *const sev[] = { "note", "warning", "error" };
	(void)o;
	for (int i = 0; i < RULE_COUNT; i++)
		printf("%s %-26s %-7s %s\n", rule_table[i].id, rule_table[i].name,
		    sev[rule_table[i].severity], rule_table[i].summary);
	return EXIT_OK;
}

/* The rule's docs/rules/<ID>.md, embedded at build time. */
static int
cmd_explain(Options *o)
{
	int r = rule_lookup(o->inputs[0]);
	if (r < 0) {
		usage_error("unknown rule '%s' (see 'karpgen rules')", o->inputs[0]);
		return usage_fail("explain");
	}
	for (const RuleDoc *d = rule_docs; d->id; d++)
		if (strcmp(d->id, rule_table[r].id) == 0) {
			fputs(d->text, stdout);
			return EXIT_OK;
		}
	fprintf(stderr, "karpgen: rule %s has no documentation in this build\n", rule_table[r].id);
	return EXIT_IO;
}

/* Whether an input could not be read (syntax, encoding, unknown dialect): then the IR is partial. */
static bool
inputs_incomplete(const IR *ir)
{
	/* --hook: a file that is no cluster input at all was skipped, with a note */
	for (int i = 0; i < ir->inputs.n; i++)
		if (ir->inputs.v[i]->dialect == D_UNKNOWN && !(ir->opt->hook && ir->inputs.v[i]->skipped))
			return true;
	return ir->inputs.n < ir->opt->ninputs;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The directory part of a path ("." for none), for grouping inputs by directory. */
static size_t
dir_len(const char *p)
{
	const char *slash = strrchr(p, '/');
	return slash ? (size_t)(slash - p) : 0;
}

static bool
same_directory(const char *a, const char *b)
{
	size_t n = dir_len(a);
	return n == dir_len(b) && strncmp(a, b, n) == 0;
}

static int
cmp_dir(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	size_t na = dir_len(a), nb = dir_len(b);
	int c = strncmp(a, b, na < nb ? na : nb);
	if (c)
		return c;
	if (na != nb)
		return na < nb ? -1 : 1;
	return a < b ? -1 : a > b;   /* the given order within a directory: the array is one block */
}

/* Inputs grouped by directory (--hook), the given order kept within each. */
static void
by_directory(const char **files, int n)
{
	if (n > 1)
		qsort(files, (size_t)n, sizeof *files, cmp_dir);
}

static bool
is_tfvars(const char *p)
{
	size_t n = strlen(p);
	return n > 7 && strcmp(p + n - 7, ".tfvars") == 0;
}

/*
 * --hook: a directory's inputs, completed with the other .tfvars of the
 * directory when one is given (a Domino set split over infra, nodes and
 * cluster.tfvars is checked whole when one of them changed).
 */
static int
complete_tfvars(const char **group, int n, const char ***out)
{
	VEC(const char *) all = { 0 };
	bool any = false;
	for (int i = 0; i < n; i++) {
		VEC_PUSH(run_arena, all, group[i]);
		any |= is_tfvars(group[i]);
	}
	size_t dn = dir_len(group[0]);
	const char *dir = dn ? arena_strndup(run_arena, group[0], dn) : ".";
	DIR *d = any ? opendir(dir) : NULL;
	VEC(const char *) more = { 0 };
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.' || !is_tfvars(e->d_name))
			continue;
		const char *p = dn ? arena_printf(run_arena, "%s/%s", dir, e->d_name) : arena_strdup(run_arena, e->d_name);
		bool given = false;
		for (int i = 0; i < n && !given; i++) {
			const char *g = group[i];
			while (g[0] == '.' && g[1] == '/')
				g += 2;
			given = strcmp(g, p) == 0;
		}
		if (!given)
			VEC_PUSH(run_arena, more, p);
	}
	if (d)
		closedir(d);
	if (more.n)
		qsort(more.v, (size_t)more.n, sizeof *more.v, cmp_str);
	for (int i = 0; i < more.n; i++)
		VEC_PUSH(run_arena, all, more.v[i]);
	*out = all.v;
	return all.n;
}

/*
 * DESIGN.md section 5: the target Karpenter version is the one the inputs
 * pin (eksctl or Domino karpenter.version), unless --karpenter-version says
 * otherwise, and when karpgen has that release's schemas and it serves the
 * NodePool API.  Otherwise the default stays, and REPORT.md says why.
 */
static void
target_pinned(IR *ir, Options *o)
{
	const SVal *pin = &ir->cluster.karpenter_version;
	KarpVersion k = o->kv;
	/* the default is set from the table's own name: no option was given */
	if (pin->set && !pin->unknown && pin->s && o->kv.requested == karpenter_releases[karpenter_release_count - 1].name &&
	    karpenter_version_pick(pin->s, &k) && (kv_serves(&k, API_V1) || kv_serves(&k, API_BETA)))
		o->kv = k;
	/* the target is final: what it lacks of the groups' settings is not carried (KG240) */
	resolve_target_gates(ir);
}

/*
 * The checks that follow lowering (the kit's manifests against the target's
 * CRDs, the controller's affinity, the kit's IAM) and the emitters' own
 * diagnostics, with the kit made in memory: compile writes it, lint drops
 * it.  One function, so that lint reports all that compile reports.
 */
static Lowered *
lower_and_check(IR *ir, Output *kit, bool writes)
{
	/* the target must serve the NodePool API the kit writes (KG320) */
	if (!check_compile_target(&ir->opt->kv))
		return NULL;
	check_migrating(ir);
	check_groups_api(ir);
	Lowered *lw = lower(ir);
	/*
	 * What the kit will write in place of a setting no input gives: news for
	 * the command that writes it (also when lowering failed: the user then
	 * knows what to give); lint writes no kit, and a note with no place in
	 * the inputs would be noise in a hook's output.
	 */
	if (writes)
		note_placeholders(lw);
	if (lw->failed)
		return NULL;
	check_kit_alias_pins(lw);
	if (!check_kit_amis(lw))
		return NULL;
	check_lowered(lw);
	emit_kit(lw, kit);
	return lw;
}

/*
 * check-iam: the controller policy documents given (a plain policy document,
 * `aws iam get-policy-version` or `get-role-policy` output) against the
 * target version's official policy: the IAM rules only (KG401-KG405).
 */
static int
cmd_check_iam(Options *o)
{
	IR *ir = ir_load(run_arena, o);
	if (!diag_fatal() && !inputs_incomplete(ir)) {
		check_iam_policies(ir);
	}
	return finish(o);
}

/*
 * lint: load -> resolve -> check -> lower -> check the kit, as compile does,
 * writing nothing.  When an input could not be read in full (syntax,
 * encoding, unknown dialect...) the checks do not run: they would report on
 * what they cannot see (a NodePool "missing" from a broken file).  Inputs
 * with no node group to migrate (Karpenter manifests alone, or only the
 * group that runs the controller) are not lowered: there is no kit to make,
 * and compile's "no node group to migrate" (KG207, an error) is not lint's,
 * which reports KG105 per input that holds no group (a warning).
 */
static void
lint_set(Options *o)
{
	IR *ir = ir_load(run_arena, o);
	ir_resolve(ir);
	target_pinned(ir, o);
	if (!diag_fatal() && !inputs_incomplete(ir)) {
		/* the home compile proposes: lint checks what compile checks */
		if (diag_count(SEV_ERROR) == 0)
			resolve_propose_home(ir);
		check_manifests(ir);
		check_all(ir);
		bool migrating = false;
		for (int i = 0; i < ir->groups.n && !migrating; i++)
			migrating = ir->groups.v[i]->role != ROLE_KARPENTER_HOME;
		if (diag_count(SEV_ERROR) == 0 && migrating) {
			Output kit = { .arena = run_arena };
			lower_and_check(ir, &kit, false);
		}
		/* only after every check ran: a suppression is "unused" only then */
		suppress_report_unused();
	}
}

static int drop_excluded(const Options *o, const char **files, int n);

static bool
any_directory(const Options *o)
{
	struct stat st;
	for (int i = 0; i < o->ninputs; i++)
		if (strcmp(o->inputs[i], "-") != 0 && stat(o->inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
			return true;
	return false;
}

/*
 * lint DIR: the tree walked as validate walks it (no link out of it, loops
 * read once, each skipped entry a warning), taking the files whose name lint
 * reads (load_input_name()), minus the project file's exclusions; then the
 * run is as under --hook: each directory a cluster of its own, a file that
 * is no cluster input skipped with a KG104 note.
 */
static int
lint_tree(Options *o)
{
	const char **files = NULL;
	int n = inputs_walk(run_arena, o->inputs, o->ninputs, load_input_name, &files);
	n = drop_excluded(o, files, n);
	opt_hook(o, NULL);
	o->inputs = files;
	o->ninputs = n;
	by_directory(files, n);
	int sets = 0;
	for (int i = 0, j; i < n && !diag_fatal(); i = j, sets++) {
		for (j = i + 1; j < n && same_directory(files[i], files[j]); j++)
			;
		/* every .tfvars of the directory is among them already (each file once): no complete_tfvars() */
		o->inputs = files + i;
		o->ninputs = j - i;
		lint_set(o);
	}
	o->inputs = files;
	o->ninputs = n;
	int rc = finish(o);
	if (o->out.format == FMT_TEXT && !o->out.quiet)
		fprintf(stderr, "linted %d file%s in %d director%s\n", n, n == 1 ? "" : "s", sets,
		    sets == 1 ? "y" : "ies");
	return rc;
}

static int
cmd_lint(Options *o)
{
	if (any_directory(o))
		return lint_tree(o);
	if (!o->hook) {
		lint_set(o);
		return finish(o);
	}
	/* --hook: each directory on its own, with its Domino set's other files */
	const char **inputs = o->inputs;
	int n = o->ninputs;
	const char **sorted = arena_alloc(run_arena, (size_t)n * sizeof *sorted);
	memcpy(sorted, inputs, (size_t)n * sizeof *sorted);
	by_directory(sorted, n);
	for (int i = 0, j; i < n && !diag_fatal(); i = j) {
		for (j = i + 1; j < n && same_directory(sorted[i], sorted[j]); j++)
			;
		o->ninputs = complete_tfvars(sorted + i, j - i, &o->inputs);
		lint_set(o);
	}
	o->inputs = inputs;
	o->ninputs = n;
	return finish(o);
}

/*
 * ir: load -> resolve -> the target -> the IR as text on stdout (even with
 * errors: it shows what was understood).  The target is made final as
 * compile and lint make it (target_pinned()), so the settings the target
 * Karpenter release cannot express are among the group's not_carried
 * lines here as they are in the kit's REPORT.md.
 */
static int
cmd_ir(Options *o)
{
	IR *ir = ir_load(run_arena, o);
	ir_resolve(ir);
	target_pinned(ir, o);
	if (!diag_fatal())
		ir_print(stdout, ir);
	return finish(o);
}

/* parse --json FILE: the HCL file as hcl2json prints it, when it has no error. */
static int
cmd_parse(Options *o)
{
	SrcFile *f = src_read(run_arena, o->inputs[0]);
	Value *body = f ? hcl_parse_printed(run_arena, f) : NULL;
	if (body && diag_count(SEV_ERROR) == 0) {
		char *json = value_to_json(body, true);
		fputs(json, stdout);
		fputc('\n', stdout);
		free(json);
	}
	return finish(o);
}

/* The files of a directory operand that the project file excludes, dropped; the new count. */
static int
drop_excluded(const Options *o, const char **files, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!config_excluded(o->config, files[i]))
			files[k++] = files[i];
	return k;
}

/*
 * Does any of the files hold `word`?  Read in pieces, kept nowhere: validate
 * keeps what a NodeOverlay is matched against of every NodePool only when
 * some input may hold a NodeOverlay (one whose kind is spelt with escapes
 * is then matched against no NodePool: its KG310 warning is not given).
 */
static bool
any_file_holds(const char **files, int n, const char *word)
{
	size_t wl = strlen(word);
	char buf[65536];
	for (int i = 0; i < n; i++) {
		FILE *fp = strcmp(files[i], "-") == 0 ? NULL : fopen(files[i], "rb");
		if (!fp)
			return strcmp(files[i], "-") == 0;  /* stdin cannot be read twice: assume it does */
		size_t keep = 0, r;
		bool found = false;
		while (!found && (r = fread(buf + keep, 1, sizeof buf - keep, fp)) > 0) {
			size_t len = keep + r;
			found = memmem(buf, len, word, wl) != NULL;
			keep = len < wl - 1 ? len : wl - 1;
			memmove(buf, buf + len - keep, keep);
		}
		fclose(fp);
		if (found)
			return true;
	}
	return false;
}

/*
 * validate: PATH... -> files (directories recursed) -> YAML documents ->
 * the CRD schema and rules of the target version -> diagnostics.
 */
static int
cmd_validate(Options *o)
{
	const char **files = NULL;
	int nfiles = inputs_expand(run_arena, o->inputs, o->ninputs, &files);
	nfiles = drop_excluded(o, files, nfiles);
	if (o->hook)
		by_directory(files, nfiles);
	Validation vs;
	validation_init(&vs, run_arena, &o->kv);
	vs.strict_refs = o->strict_refs;
	SVal k8s = sval_lit(o->kubernetes_version, NULL, ORIGIN_OPTION);
	vs.k8s = o->kubernetes_version ? &k8s : NULL;
	/*
	 * Each document is read into `doc`, checked, and dropped: what the
	 * checks across documents need is copied out (validate_document()), so
	 * memory does not grow with the number of documents.
	 */
	Arena *doc = arena_new();
	vs.scratch = doc;
	vs.no_overlays = !any_file_holds(files, nfiles, "NodeOverlay");
	bool incomplete = false;
	for (int i = 0; i < nfiles; i++) {
		SrcFile *f = src_map(run_arena, files[i]);
		if (!f)
			vs.incomplete = true;
		YamlStream *ys = f && !(o->hook && load_unrelated_template(f)) ? yaml_stream_open(run_arena, f, true) : NULL;
		if (f && !ys && !(o->hook && load_unrelated_template(f)))
			vs.incomplete = true;
		Value *d;
		/* an empty result (NULL) ends the file, as it ended yaml_load()'s list */
		while (ys && yaml_stream_next(ys, doc, &d) > 0 && d) {
			k8s_placeholders(doc, &d, 1, &o->placeholders);
			validate_document(&vs, d);
			/* the text before the document's last line is behind the parser for good */
			size_t n;
			src_release(f, (size_t)(src_line(f, d->loc.end_line ? d->loc.end_line : d->loc.line, &n) - f->text));
			arena_reset(doc);
		}
		if (ys && yaml_stream_close(ys) < 0)
			vs.incomplete = true;
		/*
		 * --hook: each directory is a set of its own (two clusters in two
		 * directories never resolve each other's classes); the references
		 * of one are resolved when the next file is in another directory
		 */
		if (i + 1 < nfiles && !(o->hook && !same_directory(files[i], files[i + 1])))
			continue;
		if (!vs.incomplete)
			beside_find_classes(&vs, run_arena, files, nfiles);
		validation_finish(&vs);
		incomplete |= vs.incomplete;
		vs.incomplete = false;
		vs.nodeclasses.n = vs.refs.n = vs.beside.n = vs.classes_sorted = 0;
	}
	arena_free(doc);
	if (!incomplete && !diag_fatal())
		suppress_report_unused();
	int rc = finish(o);
	if (o->out.format == FMT_TEXT && !o->out.quiet) {
		Buf b = { 0 };
		for (int i = 0; i < vs.kinds.n; i++)
			buf_printf(&b, "%s%d %s", i ? ", " : " (", vs.kinds.v[i].n, vs.kinds.v[i].kind);
		fprintf(stderr, "validated %d document%s%s%s in %d file%s, skipped %d non-Karpenter document%s\n",
		    vs.validated, vs.validated == 1 ? "" : "s", b.s ? b.s : "", b.s ? ")" : "",
		    nfiles, nfiles == 1 ? "" : "s", vs.skipped, vs.skipped == 1 ? "" : "s");
		buf_free(&b);
	}
	return rc;
}

/*
 * compile: load -> resolve -> check -> lower -> the manifests against the
 * target's CRDs -> emit the kit (in memory) -> out (on disk).  Each step up
 * to lower runs only when the ones before reported no error; the kit is made
 * even after a manifest's error (so that every emitter's diagnostics are
 * seen) but written only without one, all at once.
 */
static int
cmd_compile(Options *o)
{
	IR *ir = ir_load(run_arena, o);
	ir_resolve(ir);
	target_pinned(ir, o);
	bool ok = !diag_fatal() && diag_count(SEV_ERROR) == 0;
	if (ok) {
		resolve_propose_home(ir);
		check_all(ir);
		ok = diag_count(SEV_ERROR) == 0;
	}
	Output kit = { .arena = run_arena, .force = o->force };
	bool written = false;
	if (ok && lower_and_check(ir, &kit, true) && diag_count(SEV_ERROR) == 0)
		written = out_commit(&kit, o->output_dir);
	if (ok)
		suppress_report_unused();
	int rc = finish(o);
	/*
	 * Every step that stops the compile reports an error, so a run without
	 * one that wrote nothing stopped on an error whose rule '--disable'
	 * turned off: never "nothing written" with exit 0.
	 */
	if (rc == EXIT_OK && !written) {
		fprintf(stderr, "karpgen: nothing written to '%s': the compile stopped on an error of a rule "
		    "turned off with '--disable'; run it without '--disable' to see which\n", o->output_dir);
		rc = EXIT_DIAG;
	}
	return rc;
}

static bool
terraform_name(const char *name)
{
	static const char *const ext[] = { ".tf", ".tfvars", ".hcl", ".tftpl" };
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

/*
 * The target API of convert and the Karpenter version whose schemas check
 * its output: --to, else what --karpenter-version serves; a v1beta1 target
 * is checked against 0.36.2 (the last release with pure v1beta1 CRDs) unless
 * --karpenter-version names another that serves v1beta1.
 */
static bool
convert_target(Options *o, ConvTarget *to)
{
	/* the default version is set from the table's own name: no option was given */
	bool given = o->kv.requested != karpenter_releases[karpenter_release_count - 1].name;
	bool v1 = kv_serves(&o->kv, API_V1), beta = kv_serves(&o->kv, API_BETA);
	if (!o->convert_to)
		*to = v1 ? CONV_V1 : CONV_V1BETA1;
	else
		*to = strcmp(o->convert_to, "v1beta1") == 0 ? CONV_V1BETA1 : CONV_V1;
	if (*to == CONV_V1BETA1 && !given)
		/* the newest release that serves v1beta1 alone */
		for (int i = karpenter_release_count - 1; i >= 0; i--)
			if (karpenter_releases[i].apis == API_BETA)
				return karpenter_version_pick(karpenter_releases[i].name, &o->kv);
	if (*to == CONV_V1 ? !v1 : !beta)
		return usage_error("Karpenter %s serves no %s objects: choose another '--to' or "
		    "'--karpenter-version'", o->kv.requested, *to == CONV_V1 ? "v1" : "v1beta1");
	return true;
}

/*
 * convert: read every file (directories: their *.yaml and *.yml, as validate
 * reads them), convert all documents together (a NodePool's
 * kubelet moves to its EC2NodeClass, wherever that is), check the result
 * against the target version's schemas and rules, and write nothing if any
 * error was reported, else the YAML stream to stdout or one file per object
 * under -o DIR.
 */
static int
cmd_convert(Options *o)
{
	ConvertOptions co = { .ami_alias = o->ami_alias };
	if (!convert_target(o, &co.to))
		return usage_fail(o->command);
	Comments *cm = comments_new(run_arena);
	VEC(Value *) docs = { 0 };
	const char **files = NULL;
	int nfiles = inputs_expand(run_arena, o->inputs, o->ninputs, &files);
	nfiles = drop_excluded(o, files, nfiles);
	for (int i = 0; i < nfiles; i++) {
		SrcFile *f = src_read(run_arena, files[i]);
		if (f && terraform_name(f->name)) {
			Loc at = { .file = f };
			Diag *d = diag(KG104, &at, "'%s' is Terraform, not a YAML manifest", f->name);
			diag_note(d, NULL, "write the manifests it embeds to YAML files and convert those");
			continue;
		}
		Value **d = NULL;
		int n = f ? yaml_load(run_arena, f, &d) : -1;
		if (n < 0)
			continue;
		comments_add_file(cm, f, d, n);
		for (int k = 0; k < n; k++)
			VEC_PUSH(run_arena, docs, d[k]);
	}
	Converted *out = NULL;
	int n = convert_documents(run_arena, &co, docs.v, docs.n, &out);
	if (!diag_count(SEV_ERROR)) {
		/* one document at a time: a nodeClassRef may name a class converted in another run */
		Validation vs;
		validation_init(&vs, run_arena, &o->kv);
		for (int i = 0; i < n; i++)
			validate_document(&vs, out[i].doc);
	}
	if (!diag_count(SEV_ERROR) && o->output_dir) {
		if (convert_files(run_arena, out, n, cm, co.to, o->output_dir, o->force))
			comments_report_lost(cm);
	} else if (!diag_count(SEV_ERROR)) {
		char *s = convert_stream(out, n, cm, co.to);
		fputs(s, stdout);
		free(s);
		comments_report_lost(cm);
	}
	/* without -o stdout holds the YAML: diagnostics go to stderr in every format */
	diag_print(o->out.format == FMT_TEXT || !o->output_dir ? stderr : stdout, &o->out);
	return diag_exit(o);
}

/*
 * The project file (.karpgen.yaml, or --config FILE): its rules off, its
 * severities, its Karpenter version unless --karpenter-version was given,
 * and the operands it excludes dropped.  false: a message was printed.
 */
static bool
apply_config(Options *o, Config *cfg, const char **operands, int *nops)
{
	const char *path = o->config_path;
	if (!path)
		path = config_find(run_arena, *nops ? operands[0] : ".");
	if (!path || !*path)
		return true;
	if (!config_load(run_arena, path, cfg))
		return false;
	o->config = cfg;
	for (unsigned i = 0; i < cfg->ndisable; i++)
		diag_disable((RuleId)cfg->disable[i]);
	for (unsigned i = 0; i < cfg->nseverity; i++)
		diag_set_severity((RuleId)cfg->severity_rule[i], cfg->severity[i]);
	for (unsigned i = 0; i < cfg->nplaceholders; i++)
		o->placeholders.v[o->placeholders.n++] = cfg->placeholders[i];
	/* the default version is the table's own name: --karpenter-version was not given */
	if (cfg->karpenter_version && o->kv.requested == karpenter_releases[karpenter_release_count - 1].name &&
	    !karpenter_version_pick(cfg->karpenter_version, &o->kv)) {
		fprintf(stderr, "karpgen: %s: invalid karpenter-version '%s': expected one of %s\n",
		    cfg->path, cfg->karpenter_version, karpenter_version_list());
		return false;
	}
	int k = 0;
	for (int i = 0; i < *nops; i++)
		if (!config_excluded(cfg, operands[i]))
			operands[k++] = operands[i];
	*nops = k;
	operands[k] = NULL;
	return true;
}

static int
run_command(const Command *c, int argc, char **argv)
{
	Options o = { .command = c->name, .fail_on = SEV_ERROR };
	karpenter_version_pick(karpenter_releases[karpenter_release_count - 1].name, &o.kv);
	o.out.tool_command = c->name;

	struct option longopts[NOPTS + 2];
	char shortopts[3 * NOPTS + 4];
	size_t ns = 0;
	int nl = 0;
	shortopts[ns++] = '+';
	shortopts[ns++] = ':';
	for (int i = 0; i < NOPTS; i++) {
		longopts[nl++] = (struct option){ optdefs[i].name,
			optdefs[i].arg ? required_argument : no_argument, NULL, 256 + i };
		if (optdefs[i].shortopt && (optdefs[i].commands & c->bit)) {
			shortopts[ns++] = (char)optdefs[i].shortopt;
			if (optdefs[i].arg)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns++] = 'h';
	shortopts[ns] = '\0';
	longopts[nl++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[nl] = (struct option){ 0 };

	/* options may follow operands ("lint a.tfvars --format json"): collect operands as we go */
	const char **operands = calloc((size_t)argc + 1, sizeof *operands);
	if (!operands)
		fatal_oom();
	int nops = 0;
	opterr = 0;
	optind = 1;
	while (optind < argc) {
		if (strcmp(argv[optind], "--") == 0) {
			for (optind++; optind < argc; optind++)
				operands[nops++] = argv[optind];
			break;
		}
		if (argv[optind][0] != '-' || argv[optind][1] == '\0') {
			operands[nops++] = argv[optind++];
			continue;
		}
		int lidx = -1;
		int ch = getopt_long(argc, argv, shortopts, longopts, &lidx);
		if (ch == -1)
			break;
		const OptDef *d = NULL;
		if (ch == 'h') {
			print_command_help(stdout, c);
			free(operands);
			return EXIT_OK;
		} else if (ch >= 256) {
			d = &optdefs[ch - 256];
		} else if (ch == '?' || ch == ':') {
			const char *what = argv[optind - 1];
			free(operands);
			if (ch == ':')
				usage_error("option '%s' requires an argument", what);
			else if (optopt && optopt < 256)
				usage_error("unknown option '-%c'", optopt);
			else
				usage_error("unknown option '%s'", what);
			return usage_fail(c->name);
		} else {
			for (int i = 0; i < NOPTS; i++)
				if (optdefs[i].shortopt == ch)
					d = &optdefs[i];
		}
		if (!d || !(d->commands & c->bit)) {
			free(operands);
			usage_error("option '--%s' does not apply to '%s'", d ? d->name : "?", c->name);
			return usage_fail(c->name);
		}
		if (!d->set(&o, optarg)) {
			free(operands);
			return usage_fail(c->name);
		}
	}
	Config cfg;
	if ((c->bit & C_CHECKING) && nops >= c->min_args && !apply_config(&o, &cfg, operands, &nops)) {
		free(operands);
		return EXIT_USAGE;
	}
	if (nops == 0 && c->min_args > 0 && o.config) {
		/* every input is excluded by the project file: nothing to check */
		free(operands);
		return EXIT_OK;
	}
	/* a file named twice (or by two paths) is read once: it would double every NodePool */
	if (c->bit & (C_COMPILE | C_LINT | C_IR))
		nops = inputs_unique(run_arena, (const char **)operands, nops);
	o.inputs = operands;
	o.ninputs = nops;
	o.out.anchor = nops ? operands[0] : NULL;
	diag_set_werror(o.werror);

	int rc;
	if (nops < c->min_args || (c->max_args >= 0 && nops > c->max_args)) {
		usage_error(nops < c->min_args ? "'%s' needs %s" : "'%s' takes %s", c->name,
		    c->max_args == 0 ? "no operands" : c->max_args == 1 ? "exactly one operand" :
		    "at least one operand");
		rc = usage_fail(c->name);
	} else if (c->bit == C_COMPILE && !o.output_dir) {
		usage_error("'compile' needs '-o DIR'");
		rc = usage_fail(c->name);
	} else if (c->bit == C_PARSE && !o.json) {
		usage_error("'parse' needs '--json' (the only output it has)");
		rc = usage_fail(c->name);
	} else if (nops > LIMIT_INPUTS) {
		/* a resource limit like the others (KG102, exit 2), as validate reports it for a directory */
		Loc none = { 0 };
		Diag *d = diag(KG102, &none, "more than %d inputs: none is read", LIMIT_INPUTS);
		diag_note(d, NULL, "run karpgen on the inputs in batches");
		rc = finish(&o);
	} else {
		rc = c->run(&o);
	}
	free(operands);
	return rc;
}

static const Command *
find_command(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* A mistyped command: the nearest one by edit distance when it is close ("did you mean"). */
static int
unknown_command(const char *name)
{
	const char *near = NULL;
	int best = 3;
	for (int i = 0; i < NCOMMANDS; i++) {
		int dist = edit_distance(name, commands[i].name, best);
		if (dist < best)
			best = dist, near = commands[i].name;
	}
	usage_error("unknown command '%s'", name);
	fprintf(stderr, "karpgen: %s\n", usage_msg);
	if (near)
		fprintf(stderr, "karpgen: did you mean '%s'?\n", near);
	fputs("Try 'karpgen --help'.\n", stderr);
	return EXIT_USAGE;
}

/*
 * Every write to stdout goes through stdio, whose error indicator stays set:
 * one check at exit covers them all (as coreutils' close_stdout does), with
 * the final flush and close, whose errors (ENOSPC, EIO) come only then.  A
 * result that did not reach its reader is an I/O error, exit 2.
 */
static int
close_stdout(int rc)
{
	errno = 0;
	bool failed = ferror(stdout) != 0;
	failed |= fflush(stdout) != 0;
	failed |= fclose(stdout) != 0;
	if (!failed)
		return rc;
	fprintf(stderr, "karpgen: error: cannot write standard output%s%s [KG100 input-unreadable]\n",
	    errno ? ": " : "", errno ? strerror(errno) : "");
	return EXIT_IO;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		const char *ami = ami_data_date();
		Arena *va = arena_new();
		const char *br = ami_release_newest(va, "bottlerocket", -1);
		printf("karpgen %s (Karpenter %s to %s; EKS AMI release data of %s; Bottlerocket releases to %s)\n",
		    KARPGEN_VERSION, karpenter_releases[0].name, karpenter_releases[karpenter_release_count - 1].name,
		    ami ? ami : "unknown date", br ? br : "none");
		arena_free(va);
		return close_stdout(EXIT_OK);
	}
	const Command *c = find_command(cmd);
	if (strcmp(cmd, "help") == 0 && argc > 2) {
		/* karpgen help CMD: the command's --help */
		if (!(c = find_command(argv[2])))
			return unknown_command(argv[2]);
		print_command_help(stdout, c);
		return close_stdout(EXIT_OK);
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		print_usage(stdout);
		return close_stdout(EXIT_OK);
	}
	if (!c) {
		if (cmd[0] == '-') {
			usage_error("unknown option '%s'", cmd);
			return usage_fail(NULL);
		}
		return unknown_command(cmd);
	}
	run_arena = arena_new();
	diag_init(run_arena);
	suppress_init(run_arena);
	int rc = run_command(c, argc - 1, argv + 1);
	suppress_init(NULL);
	diag_init(NULL);
	schema_free_all();
	pattern_free_all();
	arena_free(run_arena);
	return close_stdout(rc);
}
