/*
 * pattern.c - the PCRE2 adapter: fixed patterns from pattern.def and the
 * CRD patterns used by the schema engine, each compiled once per run.
 */
#include "karpgen.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

static const char *const pat_text[PAT_COUNT] = {
#define PAT(id, re) re,
#include "pattern.def"
#undef PAT
};

struct Pattern {
	char *text;
	pcre2_code *code;
	struct Pattern *next;
};

static pcre2_code *fixed[PAT_COUNT];
static pcre2_match_data *md;
static struct Pattern *cache;

static pcre2_code *
compile(const char *re, const char **err)
{
	int code;
	PCRE2_SIZE off;
	/* anchored at both ends: \A(?:re)\z */
	size_t n = strlen(re);
	char *full = malloc(n + 16);
	if (!full)
		fatal_oom();
	memcpy(full, "\\A(?:", 5);
	memcpy(full + 5, re, n);
	memcpy(full + 5 + n, ")\\z", 4);
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)full, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	free(full);
	if (!c && err) {
		/* the message of the text as written: the anchors around it can move the error ("[a" ends in \z) */
		pcre2_code *raw = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
		    &code, &off, NULL);
		pcre2_code_free(raw);
		static char msg[256];
		pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
		*err = msg;
	}
	if (c)
		pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

static bool
run(pcre2_code *c, const char *s, size_t len)
{
	if (!md && !(md = pcre2_match_data_create(1, NULL)))
		fatal_oom();
	return pcre2_match(c, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

bool
pat_match(PatId p, const char *s, size_t len)
{
	if (!fixed[p] && !(fixed[p] = compile(pat_text[p], NULL)))
		return false;
	return run(fixed[p], s, len);
}

Pattern *
pattern_get(const char *re, const char **err)
{
	for (struct Pattern *p = cache; p; p = p->next)
		if (strcmp(p->text, re) == 0)
			return p->code ? p : NULL;
	struct Pattern *p = calloc(1, sizeof *p);
	if (!p || !(p->text = strdup(re)))
		fatal_oom();
	p->code = compile(re, err);
	p->next = cache;
	cache = p;
	return p->code ? p : NULL;
}

bool
pattern_match(const Pattern *p, const char *s, size_t len)
{
	return run(p->code, s, len);
}

bool
placeholder_allowed(const Placeholders *allow, const char *s, size_t len)
{
	for (int i = 0; allow && i < allow->n; i++)
		if (pattern_match(allow->v[i], s, len))
			return true;
	return false;
}

void
pattern_free_all(void)
{
	for (int i = 0; i < PAT_COUNT; i++) {
		pcre2_code_free(fixed[i]);
		fixed[i] = NULL;
	}
	while (cache) {
		struct Pattern *n = cache->next;
		pcre2_code_free(cache->code);
		free(cache->text);
		free(cache);
		cache = n;
	}
	pcre2_match_data_free(md);
	md = NULL;
}

/* ------------------------------------------------------------------ names */

/*
 * AWS's rules for each kind of name (the API references' length and pattern
 * constraints).  A name that breaks them cannot be created, and one that
 * karpgen pastes into a policy or a query must not widen it: a role ARN
 * ending in '*' would make the controller's iam:PassRole cover every role.
 */
static const struct {
	PatId pat, alt;          /* alt: a second accepted form (a role's ARN) */
	const char *what, *expect;
	const char *owner;       /* whose rule it is: AWS's when NULL */
} aws_names[] = {
	[AWS_NODEGROUP] = { PAT_NODEGROUP_NAME, PAT_NODEGROUP_NAME, "node group name",
		"a letter or digit, then letters, digits, '-' and '_', at most 63 characters" },
	[AWS_ASG] = { PAT_ASG_NAME, PAT_ASG_NAME, "Auto Scaling group name",
		"1 to 255 characters, no control characters, quotes or backslashes (the runbook looks the group "
		"up by this name)" },
	[AWS_IAM_ROLE] = { PAT_IAM_ROLE_NAME, PAT_IAM_ROLE_ARN, "IAM role",
		"a role name (letters, digits and '+=,.@_-', at most 64) or its ARN "
		"'arn:PARTITION:iam::ACCOUNT:role/NAME', without wildcards" },
	[AWS_IAM_POLICY] = { PAT_IAM_POLICY_NAME, PAT_IAM_POLICY_NAME, "IAM policy name",
		"letters, digits and '+=,.@_-', at most 128" },
	[AWS_SQS_QUEUE] = { PAT_SQS_QUEUE_NAME, PAT_SQS_QUEUE_NAME, "SQS queue name",
		"letters, digits, '-' and '_', at most 80" },
	[AWS_CLUSTER] = { PAT_CLUSTER_NAME, PAT_CLUSTER_NAME, "cluster name",
		"an EKS cluster name (letters, digits, '-' and '_', at most 100)" },
	[AWS_K8S_NAMESPACE] = { PAT_K8S_NAMESPACE, PAT_K8S_NAMESPACE, "Karpenter namespace",
		"a DNS-1123 label: lower-case letters, digits and '-', at most 63", "Kubernetes" },
	[AWS_HELM_RELEASE] = { PAT_HELM_RELEASE, PAT_HELM_RELEASE, "Karpenter Helm release name",
		"lower-case letters, digits, '-' and '.', at most 53", "Helm" },
};

bool
aws_name_ok(AwsName kind, const char *s, const Loc *loc)
{
	size_t n = strlen(s);
	if (pat_match(aws_names[kind].pat, s, n) || pat_match(aws_names[kind].alt, s, n))
		return true;
	Diag *d = diag(KG112, loc, "invalid %s '%s'", aws_names[kind].what, s);
	diag_note(d, NULL, "%s expects %s", aws_names[kind].owner ? aws_names[kind].owner : "AWS", aws_names[kind].expect);
	return false;
}
