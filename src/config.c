/*
 * config.c - the libcyaml adapter: the project file `.karpgen.yaml`.
 *
 *   karpenter-version: 1.14.1         # used when --karpenter-version is not given
 *   disable: [KG503, spot-diversity]   # rules off, as --disable
 *   severity:                          # a rule's severity, as the project wants it
 *     error: [KG224]
 *     warning: [KG230]
 *     note: []
 *   exclude:                           # inputs to skip (fnmatch(3) patterns,
 *     - "charts"                       #   relative to the file's directory)
 *   placeholders:                      # the project's own template placeholders
 *     - '\$\{[A-Z_]+\}'                 #   (PCRE2, matching the whole placeholder):
 *     - '\{\{.*\}\}'                   #   as --allow-placeholder, no KG111
 *
 * Found by walking up from the first input's directory (as tflint and
 * yamllint find theirs), or named with --config.  The file holds no
 * positions worth keeping, so libcyaml loads it into a struct by a schema
 * (DESIGN.md section 7); a file that does not fit the schema is a usage
 * error (exit 3) with libcyaml's message.  Values given on the command line
 * win over the file's.
 */
#include "karpgen.h"

#include <cyaml/cyaml.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct CfgSeverity {
	char **error, **warning, **note;
	unsigned error_count, warning_count, note_count;
} CfgSeverity;

typedef struct CfgFile {
	char *karpenter_version;
	char **disable;
	unsigned disable_count;
	CfgSeverity *severity;
	char **exclude;
	unsigned exclude_count;
	char **placeholders;
	unsigned placeholders_count;
} CfgFile;

static const cyaml_schema_value_t str_schema = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, 256),
};

static const cyaml_schema_field_t severity_fields[] = {
	CYAML_FIELD_SEQUENCE("error", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgSeverity, error,
	    &str_schema, 0, RULE_COUNT),
	CYAML_FIELD_SEQUENCE("warning", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgSeverity, warning,
	    &str_schema, 0, RULE_COUNT),
	CYAML_FIELD_SEQUENCE("note", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgSeverity, note,
	    &str_schema, 0, RULE_COUNT),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t file_fields[] = {
	CYAML_FIELD_STRING_PTR("karpenter-version", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgFile,
	    karpenter_version, 1, 32),
	CYAML_FIELD_SEQUENCE("disable", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgFile, disable,
	    &str_schema, 0, RULE_COUNT),
	CYAML_FIELD_MAPPING_PTR("severity", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgFile, severity,
	    severity_fields),
	CYAML_FIELD_SEQUENCE("exclude", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgFile, exclude,
	    &str_schema, 0, 1024),
	CYAML_FIELD_SEQUENCE("placeholders", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, CfgFile, placeholders,
	    &str_schema, 0, LIMIT_PLACEHOLDERS),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t file_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, CfgFile, file_fields),
};

static const cyaml_config_t cyaml_cfg = {
	.log_level = CYAML_LOG_ERROR,
	.log_fn = NULL,                 /* the error code says what went wrong; no libcyaml log lines */
	.mem_fn = cyaml_mem,
	.flags = CYAML_CFG_NO_ALIAS,    /* a config file has no use for aliases: no alias bombs */
};

/* dir/.karpgen.yaml if it is a file; named relative to the working directory when under it (messages). */
static const char *
exists(Arena *a, const char *dir)
{
	const char *p = arena_printf(a, "%s/.karpgen.yaml", dir);
	struct stat st;
	if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	char cwd[PATH_MAX];
	size_t n;
	if (getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 1 && strncmp(p, cwd, n) == 0 && p[n] == '/')
		return p + n + 1;
	return p;
}

const char *
config_find(Arena *a, const char *input)
{
	char buf[PATH_MAX];
	struct stat st;
	const char *start = input && *input && strcmp(input, "-") != 0 ? input : ".";
	if (!realpath(start, buf))
		return NULL;
	if (stat(buf, &st) != 0)
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		char *slash = strrchr(buf, '/');
		if (slash == buf)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
	}
	for (;;) {
		const char *p = exists(a, strcmp(buf, "/") == 0 ? "" : buf);
		if (p)
			return p;
		char *slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			return NULL;
		*slash = '\0';
	}
}

static bool
rules_of(char **names, unsigned n, const char *path, const char *what, int *out, unsigned *nout)
{
	for (unsigned i = 0; i < n; i++) {
		int r = rule_lookup(names[i]);
		if (r < 0) {
			fprintf(stderr, "karpgen: %s: unknown rule '%s' in '%s' (see 'karpgen rules')\n",
			    path, names[i], what);
			return false;
		}
		out[(*nout)++] = r;
	}
	return true;
}

/*
 * Item i of `placeholders:`, compiled once (pattern.c).  libcyaml keeps no
 * positions, so a pattern PCRE2 refuses is located by reading the file again
 * as YAML (a file libcyaml has just read whole): path:line:col, as gcc.
 */
static bool
placeholder_pattern(Arena *a, const char *path, unsigned i, const char *re, Config *cfg)
{
	const char *err = "invalid pattern";
	Pattern *p = pattern_get(re, &err);
	if (p) {
		cfg->placeholders[cfg->nplaceholders++] = p;
		return true;
	}
	int line = 0, col = 0;
	SrcFile *f = src_read(a, path);
	Value **docs = NULL;
	if (f && yaml_load(a, f, &docs) > 0 && docs[0]->kind == V_MAP) {
		const Value *list = v_get(docs[0], "placeholders");
		if (list && list->kind == V_LIST && (int)i < list->n) {
			line = list->items[i]->loc.line;
			col = list->items[i]->loc.col;
		}
	}
	if (line)
		fprintf(stderr, "karpgen: %s:%d:%d: error: invalid placeholder pattern '%s': %s\n", path, line, col,
		    re, err);
	else
		fprintf(stderr, "karpgen: %s: error: invalid placeholder pattern '%s': %s\n", path, re, err);
	fprintf(stderr, "karpgen: note: 'placeholders' holds PCRE2 regular expressions, e.g. '\\$\\{[A-Z_]+\\}'\n");
	return false;
}

bool
config_load(Arena *a, const char *path, Config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->path = arena_strdup(a, path);
	const char *slash = strrchr(path, '/');
	cfg->dir = slash ? arena_strndup(a, path, (size_t)(slash - path + (slash == path))) : ".";
	CfgFile *f = NULL;
	cyaml_err_t err = cyaml_load_file(path, &cyaml_cfg, &file_schema, (cyaml_data_t **)&f, NULL);
	if (err != CYAML_OK) {
		if (err == CYAML_ERR_FILE_OPEN)
			fprintf(stderr, "karpgen: cannot read '%s': %s\n", path, strerror(errno));
		else
			fprintf(stderr, "karpgen: %s: %s (keys: karpenter-version, disable, severity, exclude, placeholders)\n",
			    path, cyaml_strerror(err));
		return false;
	}
	bool ok = true;
	if (f->karpenter_version)
		cfg->karpenter_version = arena_strdup(a, f->karpenter_version);
	ok = ok && rules_of(f->disable, f->disable_count, path, "disable", cfg->disable, &cfg->ndisable);
	if (ok && f->severity) {
		static const Severity sevs[] = { SEV_ERROR, SEV_WARNING, SEV_NOTE };
		char **lists[] = { f->severity->error, f->severity->warning, f->severity->note };
		unsigned ns[] = { f->severity->error_count, f->severity->warning_count, f->severity->note_count };
		for (int k = 0; ok && k < 3; k++) {
			unsigned from = cfg->nseverity;
			ok = rules_of(lists[k], ns[k], path, "severity", cfg->severity_rule, &cfg->nseverity);
			for (unsigned i = from; ok && i < cfg->nseverity; i++)
				cfg->severity[i] = sevs[k];
		}
	}
	if (ok && f->exclude_count) {
		cfg->exclude = arena_alloc(a, f->exclude_count * sizeof *cfg->exclude);
		for (unsigned i = 0; i < f->exclude_count; i++)
			cfg->exclude[i] = arena_strdup(a, f->exclude[i]);
		cfg->nexclude = f->exclude_count;
	}
	for (unsigned i = 0; ok && i < f->placeholders_count; i++)
		ok = placeholder_pattern(a, path, i, f->placeholders[i], cfg);
	cyaml_free(&cyaml_cfg, &file_schema, f, 0);
	return ok;
}

/*
 * Whether an input is excluded: a pattern matches the path as given, or the
 * path relative to the config file's directory (patterns are written from
 * there), or one of the path's leading directories ("vendor" excludes
 * everything under it).
 */
bool
config_excluded(const Config *cfg, const char *path)
{
	if (!cfg || !cfg->nexclude)
		return false;
	char abs[PATH_MAX], dir[PATH_MAX];
	const char *rel = NULL;
	if (realpath(path, abs) && realpath(cfg->dir, dir)) {
		size_t n = strlen(dir);
		if (strncmp(abs, dir, n) == 0 && abs[n] == '/')
			rel = abs + n + 1;
	}
	for (unsigned i = 0; i < cfg->nexclude; i++) {
		const char *cands[] = { path, rel };
		for (int k = 0; k < 2; k++) {
			const char *c = cands[k];
			if (!c)
				continue;
			while (c[0] == '.' && c[1] == '/')
				c += 2;
			if (fnmatch(cfg->exclude[i], c, 0) == 0)
				return true;
			/* a leading directory: "charts" against charts/x/templates/a.yaml */
			for (const char *s = strchr(c, '/'); s; s = strchr(s + 1, '/')) {
				char head[PATH_MAX];
				size_t hn = (size_t)(s - c);
				if (hn >= sizeof head)
					break;
				memcpy(head, c, hn);
				head[hn] = '\0';
				if (fnmatch(cfg->exclude[i], head, 0) == 0)
					return true;
			}
		}
	}
	return false;
}
