/*
 * main.c - the command line, and each command as its pipeline:
 *
 *   inputs --load--> IR --resolve--> IR' --check--> diagnostics
 *                                      \--lower--> Karpenter objects --emit--> files
 */
#include "karpgen.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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
static bool opt_home(Options *o, const char *a)
{
	if (!*a)
		return usage_error("empty value for '--karpenter-nodegroup'");
	o->karpenter_nodegroup = a;
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
	C_PARSE = 1 << 4, C_IR = 1 << 5, C_EXPLAIN = 1 << 6, C_RULES = 1 << 7,
	C_CHECKING = C_COMPILE | C_LINT | C_VALIDATE | C_CONVERT | C_IR,
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
	{ "disable", 0, "RULE,...", C_DIAG, opt_disable, "turn rules off (ids or names)" },
	{ "color", 0, "WHEN", C_DIAG, opt_color, "auto, always or never (NO_COLOR is honoured)" },
	{ "quiet", 'q', NULL, C_DIAG, opt_quiet, "no summary line" },
	{ "max-diagnostics", 0, "N", C_DIAG, opt_max_diag, "keep at most N diagnostics, N/5 per rule (default 1000; 0: all)" },
	{ "cluster-name", 0, "NAME", C_CLUSTER, opt_cluster, "the EKS cluster name" },
	{ "region", 0, "REGION", C_CLUSTER, opt_region, "the AWS region" },
	{ "account-id", 0, "ID", C_CLUSTER, opt_account, "the AWS account id" },
	{ "partition", 0, "PART", C_CLUSTER, opt_partition, "the AWS partition (default aws)" },
	{ "identity", 0, "KIND", C_CLUSTER, opt_identity, "controller identity: pod-identity or irsa" },
	{ "ami-alias", 0, "FAMILY@VER", C_CLUSTER | C_CONVERT, opt_ami_alias, "AMI alias for EKS-optimized AMI types" },
	{ "karpenter-nodegroup", 0, "NAME", C_CLUSTER, opt_home, "the node group that runs Karpenter" },
	{ "widen-spot", 0, NULL, C_COMPILE | C_LINT, opt_widen, "widen spot NodePools to families and sizes" },
	{ "output", 'o', "DIR", C_COMPILE | C_CONVERT, opt_output, "output directory" },
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
static int cmd_parse(Options *o);
static int cmd_validate(Options *o);
static int cmd_convert(Options *o);

static const Command commands[] = {
	{ "compile", C_COMPILE, "compile [OPTIONS] INPUT... -o DIR",
	  "inputs -> IR -> checks -> migration kit in DIR (nothing written on error)", 1, -1, cmd_compile },
	{ "lint", C_LINT, "lint [OPTIONS] INPUT...",
	  "parse and check only; writes nothing (pre-commit)", 1, -1, cmd_lint },
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

/* Exit status of a run from its diagnostics (DESIGN.md section 1). */
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
	if (diag_fatal())
		return EXIT_IO;
	return diag_count(SEV_ERROR) ? EXIT_DIAG : EXIT_OK;
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
	for (int i = 0; i < ir->inputs.n; i++)
		if (ir->inputs.v[i]->dialect == D_UNKNOWN)
			return true;
	return ir->inputs.n < ir->opt->ninputs;
}

/*
 * DESIGN.md section 5: the target Karpenter version is the one the inputs
 * pin (eksctl or Domino karpenter.version), unless --karpenter-version says
 * otherwise, and when karpgen has that release's schemas and it serves the
 * NodePool API.  Otherwise the default stays, and REPORT.md says why.
 */
static void
target_pinned(const IR *ir, Options *o)
{
	const SVal *pin = &ir->cluster.karpenter_version;
	if (!pin->set || pin->unknown || !pin->s)
		return;
	/* the default is set from the table's own name: no option was given */
	if (o->kv.requested != karpenter_releases[karpenter_release_count - 1].name)
		return;
	KarpVersion k = o->kv;
	if (karpenter_version_pick(pin->s, &k) && (kv_serves(&k, API_V1) || kv_serves(&k, API_BETA)))
		o->kv = k;
}

/*
 * The checks that follow lowering (the kit's manifests against the target's
 * CRDs, the controller's affinity, the kit's IAM) and the emitters' own
 * diagnostics, with the kit made in memory: compile writes it, lint drops
 * it.  One function, so that lint reports all that compile reports.
 */
static Lowered *
lower_and_check(IR *ir, Output *kit)
{
	/* the target must serve the NodePool API the kit writes (KG320) */
	Lowered *lw = check_compile_target(&ir->opt->kv) ? lower(ir) : NULL;
	if (lw) {
		check_lowered(lw);
		emit_kit(lw, kit);
	}
	return lw;
}

/*
 * lint: load -> resolve -> check -> lower -> check the kit, as compile does,
 * writing nothing.  When an input could not be read in full (syntax,
 * encoding, unknown dialect...) the checks do not run: they would report on
 * what they cannot see (a NodePool "missing" from a broken file).  Inputs
 * with no node group to migrate (Karpenter manifests alone, or only the
 * group that runs the controller) are not lowered: there is no kit to make,
 * and compile's "no node group to migrate" (KG105, an error there) is not
 * lint's, which reports KG105 per input as a warning.
 */
static int
cmd_lint(Options *o)
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
			lower_and_check(ir, &kit);
		}
	}
	return finish(o);
}

/* ir: load -> resolve -> the IR as text on stdout (even with errors: it shows what was understood). */
static int
cmd_ir(Options *o)
{
	IR *ir = ir_load(run_arena, o);
	ir_resolve(ir);
	if (!diag_fatal())
		ir_print(stdout, ir);
	return finish(o);
}

/* parse --json FILE: the HCL file as hcl2json prints it, when it has no error. */
static int
cmd_parse(Options *o)
{
	SrcFile *f = src_read(run_arena, o->inputs[0]);
	Value *body = f ? hcl_parse(run_arena, f) : NULL;
	if (body && diag_count(SEV_ERROR) == 0) {
		char *json = value_to_json(body, true);
		fputs(json, stdout);
		fputc('\n', stdout);
		free(json);
	}
	return finish(o);
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
	Validation vs;
	validation_init(&vs, run_arena, &o->kv);
	for (int i = 0; i < nfiles; i++) {
		SrcFile *f = src_read(run_arena, files[i]);
		if (!f) {
			vs.incomplete = true;
			continue;
		}
		Value **docs = NULL;
		if (yaml_load(run_arena, f, &docs) < 0)
			vs.incomplete = true;
		for (int k = 0; docs && docs[k]; k++)
			validate_document(&vs, docs[k]);
	}
	validation_finish(&vs);
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
	Output kit = { .arena = run_arena };
	bool written = false;
	if (ok && lower_and_check(ir, &kit) && diag_count(SEV_ERROR) == 0)
		written = out_commit(&kit, o->output_dir);
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
		if (convert_files(run_arena, out, n, cm, co.to, o->output_dir))
			comments_report_lost(cm);
	} else if (!diag_count(SEV_ERROR)) {
		char *s = convert_stream(out, n, cm, co.to);
		fputs(s, stdout);
		free(s);
		comments_report_lost(cm);
	}
	/* without -o stdout holds the YAML: diagnostics go to stderr in every format */
	diag_print(o->out.format == FMT_TEXT || !o->output_dir ? stderr : stdout, &o->out);
	if (diag_fatal())
		return EXIT_IO;
	return diag_count(SEV_ERROR) ? EXIT_DIAG : EXIT_OK;
}

static int
run_command(const Command *c, int argc, char **argv)
{
	Options o = { .command = c->name };
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
	/* a file named twice (or by two paths) is read once: it would double every NodePool */
	if (c->bit & (C_COMPILE | C_LINT | C_IR))
		nops = inputs_unique(run_arena, (const char **)operands, nops);
	o.inputs = operands;
	o.ninputs = nops;
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
		printf("karpgen %s (Karpenter %s to %s)\n", KARPGEN_VERSION, karpenter_releases[0].name,
		    karpenter_releases[karpenter_release_count - 1].name);
		return close_stdout(EXIT_OK);
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		print_usage(stdout);
		return close_stdout(EXIT_OK);
	}
	const Command *c = NULL;
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			c = &commands[i];
	if (!c) {
		usage_error(cmd[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", cmd);
		return usage_fail(NULL);
	}
	run_arena = arena_new();
	diag_init(run_arena);
	int rc = run_command(c, argc - 1, argv + 1);
	diag_init(NULL);
	schema_free_all();
	pattern_free_all();
	arena_free(run_arena);
	return close_stdout(rc);
}
