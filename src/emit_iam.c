/*
 * emit_iam.c - the IAM documents of the kit (iam/), from the official
 * CloudFormation of the target version (data/iam/<version>.json, embedded).
 *
 * The controller policy is the official one statement for statement, with
 * the partition, region, account, cluster, node role and queue filled in and
 * nothing added; a document over the managed-policy quota is split between
 * statements, in order, as the official template split v1.0's one policy
 * into six.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

const IamData *
iam_data(Arena *a, const KarpVersion *kv)
{
	char *path = arena_printf(a, "data/iam/%s.json", kv->name);
	const EmbeddedText *e = embedded_text(path);
	if (!e)
		return NULL;
	int count;
	Value *root = json_load(a, src_from_mem(a, path, e->text, e->len), &count);
	if (!root)
		return NULL;
	IamData *d = arena_alloc(a, sizeof *d);
	d->version = kv->name;
	d->root = root;
	d->policies = v_get(root, "controller_policies");
	d->node_role = v_get(root, "node_role");
	return d;
}

/* s with every ${name} of subst replaced; s itself when nothing matched. */
static const char *
subst_str(Arena *a, const char *s, size_t len, const char *const *subst)
{
	if (!memchr(s, '$', len))
		return NULL;
	Buf b = { 0 };
	bool changed = false;
	for (size_t i = 0; i < len;) {
		bool hit = false;
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{')
			for (int k = 0; subst[k]; k += 2) {
				size_t nl = strlen(subst[k]);
				if (i + 2 + nl < len + 1 && strncmp(s + i + 2, subst[k], nl) == 0 && s[i + 2 + nl] == '}') {
					buf_puts(&b, subst[k + 1]);
					i += nl + 3;
					hit = changed = true;
					break;
				}
			}
		if (!hit)
			buf_add(&b, s + i++, 1);
	}
	const char *r = changed ? arena_strndup(a, b.s, b.len) : NULL;
	buf_free(&b);
	return r;
}

Value *
iam_subst(Arena *a, const Value *v, const char *const *subst)
{
	Value *c = v_new(a, v->kind, &v->loc);
	*c = *v;
	c->items = NULL;
	c->members = NULL;
	c->n = 0;
	switch (v->kind) {
	case V_STR: {
		const char *s = subst_str(a, v->s, v->len, subst);
		if (s) {
			c->s = s;
			c->len = strlen(s);
		}
		break;
	}
	case V_LIST:
		for (int i = 0; i < v->n; i++)
			v_list_push(a, c, iam_subst(a, v->items[i], subst));
		break;
	case V_MAP:
		for (int i = 0; i < v->n; i++) {
			const char *k = v->members[i].key;
			const char *nk = subst_str(a, k, strlen(k), subst);
			v_map_put(a, c, nk ? nk : k, &v->members[i].key_loc, iam_subst(a, v->members[i].val, subst));
		}
		break;
	default:
		break;
	}
	return c;
}

size_t
iam_doc_size(const Value *doc)
{
	char *j = value_to_json(doc, false);
	size_t n = strlen(j);
	free(j);
	return n;
}

const char *const *
iam_kit_subst(const Lowered *lw)
{
	Arena *a = lw->ir->arena;
	const char *p = lw->partition.value, *r = lw->region.value, *acct = lw->account.value;
	const char *suffix = lw->partition.placeholder ? "${AWS_URL_SUFFIX}" :
	    strcmp(p, "aws-cn") == 0 ? "amazonaws.com.cn" : "amazonaws.com";
	const char **s = arena_alloc(a, 17 * sizeof *s);
	int k = 0;
	s[k++] = "ClusterName";
	s[k++] = lw->cluster.value;
	s[k++] = "AWS::Partition";
	s[k++] = p;
	s[k++] = "AWS::Region";
	s[k++] = r;
	s[k++] = "AWS::AccountId";
	s[k++] = acct;
	s[k++] = "AWS::URLSuffix";
	s[k++] = suffix;
	s[k++] = "KarpenterNodeRole.Arn";
	s[k++] = arena_printf(a, "arn:%s:iam::%s:role/%s", p, acct, lw->node_role);
	s[k++] = "KarpenterInterruptionQueue.Arn";
	s[k++] = arena_printf(a, "arn:%s:sqs:%s:%s:%s", p, r, acct, lw->queue ? lw->queue : lw->cluster.value);
	s[k++] = "KarpenterNodeRole";
	s[k++] = lw->node_role;
	s[k] = NULL;
	return s;
}

/* "KarpenterControllerNodeLifecyclePolicy-${ClusterName}" -> "node-lifecycle"; "" for the single policy. */
static const char *
file_stem(Arena *a, const char *name)
{
	const char *p = strncmp(name, "KarpenterController", 19) == 0 ? name + 19 : name;
	const char *end = strstr(p, "Policy-");
	size_t n = end ? (size_t)(end - p) : strlen(p);
	Buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		bool up = c >= 'A' && c <= 'Z';
		/* a word starts at an upper-case letter after a lower-case one, or before one (IAMIntegration) */
		bool lower_before = i > 0 && p[i - 1] >= 'a' && p[i - 1] <= 'z';
		bool acronym_end = i > 0 && p[i - 1] >= 'A' && p[i - 1] <= 'Z' && i + 1 < n && p[i + 1] >= 'a' &&
		    p[i + 1] <= 'z';
		if (up && (lower_before || acronym_end))
			buf_add(&b, "-", 1);
		if (up)
			c = (char)(c - 'A' + 'a');
		buf_add(&b, &c, 1);
	}
	const char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

static Value *
doc_with(Arena *a, const Value *doc, Value *const *stmts, int n)
{
	Value *d = v_new(a, V_MAP, &doc->loc), *list = v_new(a, V_LIST, &doc->loc);
	const Value *ver = v_get(doc, "Version");
	if (ver)
		v_map_put(a, d, "Version", NULL, (Value *)ver);
	for (int i = 0; i < n; i++)
		v_list_push(a, list, stmts[i]);
	v_map_put(a, d, "Statement", NULL, list);
	return d;
}

int
iam_controller_docs(const Lowered *lw, IamDoc **out)
{
	Arena *a = lw->ir->arena;
	*out = NULL;
	const IamData *data = iam_data(a, &lw->ir->opt->kv);
	if (!data || !data->policies)
		return 0;
	const char *const *subst = iam_kit_subst(lw);
	VEC(IamDoc) docs = { 0 };
	for (int i = 0; i < data->policies->n; i++) {
		const Value *p = data->policies->items[i];
		const Value *name = v_get(p, "name");
		Value *doc = iam_subst(a, v_get(p, "document"), subst);
		const char *stem = file_stem(a, name->s);
		const char *pname = subst_str(a, name->s, name->len, subst);
		pname = pname ? pname : name->s;
		Value *stmts = v_get(doc, "Statement");
		size_t size = iam_doc_size(doc);
		if (size <= IAM_MANAGED_POLICY_QUOTA || !stmts || stmts->kind != V_LIST) {
			IamDoc d = { pname, arena_printf(a, "iam/controller-policy%s%s.json", *stem ? "-" : "", stem),
				doc, size };
			VEC_PUSH(a, docs, d);
			continue;
		}
		/* over the quota (a long cluster name): as many parts as needed, statements in order */
		int part = 0;
		for (int s = 0; s < stmts->n;) {
			int e = s + 1;
			while (e < stmts->n && iam_doc_size(doc_with(a, doc, stmts->items + s, e - s + 1)) <=
			    IAM_MANAGED_POLICY_QUOTA)
				e++;
			Value *pd = doc_with(a, doc, stmts->items + s, e - s);
			part++;
			IamDoc d = {
				part == 1 ? pname : arena_printf(a, "%s-%d", pname, part),
				arena_printf(a, "iam/controller-policy%s%s-%d.json", *stem ? "-" : "", stem, part),
				pd, iam_doc_size(pd),
			};
			/* one statement alone over the quota is check_iam_kit()'s KG404 */
			VEC_PUSH(a, docs, d);
			s = e;
		}
	}
	*out = docs.v;
	return docs.n;
}

/*
 * An ARN without its partition ("iam::aws:policy/X" of "arn:aws:iam::aws:policy/X" and of
 * "arn:${AWS_PARTITION}:iam::aws:policy/X"): one cluster is in one partition, so two ARNs
 * that differ only there are one policy.  Anything else as it is.
 */
static const char *
arn_past_partition(const char *s)
{
	if (strncmp(s, "arn:", 4) != 0)
		return s;
	const char *c = strchr(s + 4, ':');
	return c ? c + 1 : s;
}

int
iam_node_policies(const Lowered *lw, const char ***out)
{
	Arena *a = lw->ir->arena;
	const IamData *data = iam_data(a, &lw->ir->opt->kv);
	const Value *list = data && data->node_role ? v_get(data->node_role, "managed_policies") : NULL;
	*out = NULL;
	int n = list ? list->n : 0;
	if (!n && !lw->node_policies.n)
		return 0;
	/* the official template's policies, then the migrated groups' extra ones (lower.c), each once
	 * whatever partition its ARN spells */
	const char **v = arena_alloc(a, (size_t)(n + lw->node_policies.n + 1) * sizeof *v);
	const char *const *subst = n ? iam_kit_subst(lw) : NULL;
	for (int i = 0; i < n; i++) {
		const char *s = subst_str(a, list->items[i]->s, list->items[i]->len, subst);
		v[i] = s ? s : list->items[i]->s;
	}
	for (int i = 0; i < lw->node_policies.n; i++) {
		bool have = false;
		for (int k = 0; k < n; k++)
			have |= strcmp(arn_past_partition(v[k]), arn_past_partition(lw->node_policies.v[i])) == 0;
		if (!have)
			v[n++] = lw->node_policies.v[i];
	}
	*out = v;
	return n;
}

static void
add_json(Output *o, const char *path, const Value *v)
{
	char *j = value_to_json_ordered(v);
	out_add(o, path, j, strlen(j), false);
	free(j);
}

/* Builders for the trust policies (not in the template: the guide makes the controller role with eksctl). */
static Value *
jstr(Arena *a, const char *s)
{
	return v_str(a, s, strlen(s), NULL);
}

static Value *
jmap(Arena *a, const char *const *kv)
{
	Value *m = v_new(a, V_MAP, NULL);
	for (int i = 0; kv[i]; i += 2)
		v_map_put(a, m, kv[i], NULL, jstr(a, kv[i + 1]));
	return m;
}

static Value *
controller_trust(const Lowered *lw)
{
	Arena *a = lw->ir->arena;
	const char *p = lw->partition.value, *acct = lw->account.value;
	Value *doc = v_new(a, V_MAP, NULL), *st = v_new(a, V_MAP, NULL), *list = v_new(a, V_LIST, NULL);
	v_map_put(a, doc, "Version", NULL, jstr(a, "2012-10-17"));
	v_map_put(a, st, "Effect", NULL, jstr(a, "Allow"));
	Value *cond = v_new(a, V_MAP, NULL);
	if (lw->ir->opt->identity == ID_IRSA) {
		const char *oidc = lw->oidc.value;
		v_map_put(a, st, "Principal", NULL, jmap(a, (const char *const[]){ "Federated",
		    arena_printf(a, "arn:%s:iam::%s:oidc-provider/%s", p, acct, oidc), NULL }));
		v_map_put(a, st, "Action", NULL, jstr(a, "sts:AssumeRoleWithWebIdentity"));
		v_map_put(a, cond, "StringEquals", NULL, jmap(a, (const char *const[]){
		    arena_printf(a, "%s:aud", oidc), "sts.amazonaws.com",
		    arena_printf(a, "%s:sub", oidc), arena_printf(a, "system:serviceaccount:%s:%s",
		    lw->ir->controller.ns, lw->ir->controller.fullname), NULL }));
	} else {
		/* EKS Pod Identity, scoped to this account and cluster (confused-deputy conditions) */
		v_map_put(a, st, "Principal", NULL, jmap(a, (const char *const[]){ "Service",
		    "pods.eks.amazonaws.com", NULL }));
		Value *acts = v_new(a, V_LIST, NULL);
		v_list_push(a, acts, jstr(a, "sts:AssumeRole"));
		v_list_push(a, acts, jstr(a, "sts:TagSession"));
		v_map_put(a, st, "Action", NULL, acts);
		v_map_put(a, cond, "StringEquals", NULL, jmap(a, (const char *const[]){ "aws:SourceAccount", acct,
		    NULL }));
		v_map_put(a, cond, "ArnEquals", NULL, jmap(a, (const char *const[]){ "aws:SourceArn",
		    arena_printf(a, "arn:%s:eks:%s:%s:cluster/%s", p, lw->region.value, acct, lw->cluster.value),
		    NULL }));
	}
	v_map_put(a, st, "Condition", NULL, cond);
	v_list_push(a, list, st);
	v_map_put(a, doc, "Statement", NULL, list);
	return doc;
}

void
emit_iam(const Lowered *lw, Output *o)
{
	Arena *a = lw->ir->arena;
	const IamData *data = iam_data(a, &lw->ir->opt->kv);
	if (!data)
		return;
	const char *const *subst = iam_kit_subst(lw);
	if (data->node_role)
		add_json(o, "iam/node-trust-policy.json", iam_subst(a, v_get(data->node_role, "trust"), subst));
	add_json(o, "iam/controller-trust-policy.json", controller_trust(lw));
	IamDoc *docs;
	int n = iam_controller_docs(lw, &docs);
	for (int i = 0; i < n; i++)
		add_json(o, docs[i].file, docs[i].doc);

	/* the interruption queue, as 'aws sqs create-queue --attributes file://...' takes it */
	const Value *q = v_get(data->root, "queue"), *qp = v_get(data->root, "queue_policy");
	if (q && qp && lw->queue) {
		Value *attrs = v_new(a, V_MAP, NULL);
		const Value *ret = v_get(q, "message_retention_period");
		v_map_put(a, attrs, "MessageRetentionPeriod", NULL, jstr(a, arena_printf(a, "%lld",
		    (long long)(ret ? ret->i : 300))));
		v_map_put(a, attrs, "SqsManagedSseEnabled", NULL, jstr(a, "true"));
		char *pol = value_to_json(iam_subst(a, qp, subst), false);
		v_map_put(a, attrs, "Policy", NULL, jstr(a, pol));
		free(pol);
		add_json(o, "iam/interruption-queue-attributes.json", attrs);
	}
}
