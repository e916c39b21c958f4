/*
 * check_iam.c - KG401-KG404 on the IAM policy documents given as inputs,
 * measured against the official controller policy of the target version
 * (data/iam/<version>.json, the getting-started CloudFormation).
 *
 * KG401: an action the official policy grants that no input statement allows.
 * KG402: a statement that allows an official action with less scoping than
 *        every official statement that grants it (a resource the official
 *        ARNs do not cover, or a missing condition key), a wildcard action
 *        that spans scoped official actions, NotAction/NotResource, or
 *        actions the official policy does not have at all.
 * KG403: conditions on karpenter.sh/provisioner-name, which Karpenter stopped
 *        setting with v1beta1 (the target tags karpenter.sh/nodepool).
 * KG404: a document over the 6,144-character managed-policy quota.
 */
#include "karpgen.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* IAM wildcards: '*' any run, '?' one character; actions compare case-insensitively. */
static bool
glob(const char *p, const char *s, bool nocase)
{
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p == '?' || (nocase ? tolower((unsigned char)*p) == tolower((unsigned char)*s) : *p == *s)) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

typedef VEC(const Value *) Vals;

/* A string or a list of strings, as IAM writes Action and Resource. */
static void
strings_of(Arena *a, const Value *v, Vals *out)
{
	if (!v)
		return;
	if (v->kind == V_STR)
		VEC_PUSH(a, *out, v);
	else if (v->kind == V_LIST)
		for (int i = 0; i < v->n; i++)
			if (v->items[i]->kind == V_STR)
				VEC_PUSH(a, *out, v->items[i]);
}

static void
statements_of(Arena *a, const Value *doc, Vals *out)
{
	const Value *st = v_get(doc, "Statement");
	if (st && st->kind == V_MAP)
		VEC_PUSH(a, *out, st);
	else if (st && st->kind == V_LIST)
		for (int i = 0; i < st->n; i++)
			if (st->items[i]->kind == V_MAP)
				VEC_PUSH(a, *out, st->items[i]);
}

static bool
allows(const Value *st)
{
	return v_is_str(v_get(st, "Effect"), "Allow");
}

/* An official pattern: its ${...} stand for anything, whole-ARN ones for an ARN of their kind. */
static const char *
official_pattern(Arena *a, const char *s)
{
	static const char *const subst[] = {
		"KarpenterNodeRole.Arn", "arn:*:iam::*:role/*",
		"KarpenterInterruptionQueue.Arn", "arn:*:sqs:*:*:*",
		"ClusterName", "*", "AWS::Partition", "*", "AWS::Region", "*", "AWS::AccountId", "*",
		"AWS::URLSuffix", "*", NULL,
	};
	Buf b = { 0 };
	for (const char *p = s; *p;) {
		bool hit = false;
		if (p[0] == '$' && p[1] == '{')
			for (int k = 0; subst[k]; k += 2) {
				size_t n = strlen(subst[k]);
				if (strncmp(p + 2, subst[k], n) == 0 && p[2 + n] == '}') {
					buf_puts(&b, subst[k + 1]);
					p += n + 3;
					hit = true;
					break;
				}
			}
		if (!hit)
			buf_add(&b, p++, 1);
	}
	const char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

typedef struct Official {
	const char *sid;
	Vals actions, resources;
	VEC(const char *) cond_keys;   /* condition keys as patterns */
	bool unconditional_star;       /* Resource "*" and no condition */
} Official;

typedef struct Ctx {
	Arena *a;
	const KarpVersion *kv;
	VEC(Official) off;
	VEC(const char *) actions;     /* every official action, once */
} Ctx;

static void
load_official(Ctx *c, const IamData *d)
{
	for (int p = 0; d->policies && p < d->policies->n; p++) {
		Vals sts = { 0 };
		statements_of(c->a, v_get(d->policies->items[p], "document"), &sts);
		for (int i = 0; i < sts.n; i++) {
			const Value *st = sts.v[i];
			if (!allows(st))
				continue;
			Official o = { .sid = v_get(st, "Sid") ? v_get(st, "Sid")->s : "?" };
			strings_of(c->a, v_get(st, "Action"), &o.actions);
			strings_of(c->a, v_get(st, "Resource"), &o.resources);
			const Value *cond = v_get(st, "Condition");
			for (int k = 0; cond && cond->kind == V_MAP && k < cond->n; k++) {
				const Value *ops = cond->members[k].val;
				for (int m = 0; ops && ops->kind == V_MAP && m < ops->n; m++)
					VEC_PUSH(c->a, o.cond_keys, official_pattern(c->a, ops->members[m].key));
			}
			for (int k = 0; k < o.actions.n; k++) {
				bool seen = false;
				for (int m = 0; m < c->actions.n; m++)
					seen |= strcasecmp(c->actions.v[m], o.actions.v[k]->s) == 0;
				if (!seen)
					VEC_PUSH(c->a, c->actions, o.actions.v[k]->s);
			}
			VEC_PUSH(c->a, c->off, o);
		}
	}
}

/* Is the input statement at least as scoped as official statement o? */
static bool
as_scoped(Ctx *c, const Official *o, const Vals *res, const Value *cond)
{
	for (int i = 0; i < res->n; i++) {
		bool covered = false;
		for (int k = 0; k < o->resources.n && !covered; k++)
			covered = glob(official_pattern(c->a, o->resources.v[k]->s), res->v[i]->s, false);
		if (!covered)
			return false;
	}
	for (int k = 0; k < o->cond_keys.n; k++) {
		bool found = false;
		for (int i = 0; cond && cond->kind == V_MAP && i < cond->n && !found; i++) {
			const Value *ops = cond->members[i].val;
			for (int m = 0; ops && ops->kind == V_MAP && m < ops->n && !found; m++)
				found = glob(o->cond_keys.v[k], ops->members[m].key, true);
		}
		if (!found)
			return false;
	}
	return true;
}

static const char *
sid_of(const Value *st)
{
	const Value *sid = v_get(st, "Sid");
	return sid && sid->kind == V_STR && sid->len ? sid->s : NULL;
}

static void
join(Buf *b, const char *s, int i)
{
	buf_printf(b, "%s'%s'", i ? ", " : "", s);
}

/* KG402 for one Allow statement. */
static void
check_statement(Ctx *c, const Value *st)
{
	const char *sid = sid_of(st);
	const char *name = sid ? arena_printf(c->a, "statement '%s'", sid) : "a statement";
	const Value *na = v_get(st, "NotAction"), *nr = v_get(st, "NotResource");
	if (na || nr) {
		const Value *at = na ? na : nr;
		Diag *d = diag(KG402, &at->loc, "%s allows everything but its '%s'", name, na ? "NotAction" : "NotResource");
		diag_note(d, NULL, "list the actions and resources as the official Karpenter %s policy does", c->kv->name);
		return;
	}
	Vals acts = { 0 }, res = { 0 };
	strings_of(c->a, v_get(st, "Action"), &acts);
	strings_of(c->a, v_get(st, "Resource"), &res);
	const Value *cond = v_get(st, "Condition");
	Buf broad = { 0 }, extra = { 0 }, wild = { 0 };
	int nb = 0, ne = 0, nw = 0;
	const char *hint = NULL;
	for (int i = 0; i < acts.n; i++) {
		const char *act = acts.v[i]->s;
		bool wildcard = strpbrk(act, "*?") != NULL;
		int matched = 0, scoped_matched = 0;
		for (int k = 0; k < c->actions.n; k++) {
			if (!glob(act, c->actions.v[k], true))
				continue;
			matched++;
			/* the official statements that grant it: one as scoped as this input is enough */
			bool ok = false, scoped = false;
			const Official *first = NULL;
			for (int o = 0; o < c->off.n; o++) {
				const Official *of = &c->off.v[o];
				bool grants = false;
				for (int m = 0; m < of->actions.n && !grants; m++)
					grants = strcasecmp(of->actions.v[m]->s, c->actions.v[k]) == 0;
				if (!grants)
					continue;
				first = first ? first : of;
				scoped |= of->cond_keys.n > 0 || of->resources.n != 1 || strcmp(of->resources.v[0]->s, "*") != 0;
				ok |= as_scoped(c, of, &res, cond);
			}
			scoped_matched += scoped;
			if (!ok && !wildcard) {
				join(&broad, c->actions.v[k], nb++);
				hint = hint ? hint : first->sid;
			}
		}
		if (wildcard && scoped_matched) {
			join(&wild, act, nw++);
		} else if (wildcard && matched) {
			/* a wildcard over unscoped official actions only: judge it by its own scoping */
			bool ok = false;
			for (int o = 0; o < c->off.n && !ok; o++)
				for (int m = 0; m < c->off.v[o].actions.n && !ok; m++)
					if (glob(act, c->off.v[o].actions.v[m]->s, true))
						ok = as_scoped(c, &c->off.v[o], &res, cond);
			if (!ok)
				join(&broad, act, nb++);
		} else if (!matched) {
			join(&extra, act, ne++);
		}
	}
	const Value *aloc = v_get(st, "Action") ? v_get(st, "Action") : st;
	if (nw) {
		Diag *d = diag(KG402, &aloc->loc, "%s allows %s, which spans actions the official policy scopes",
		    name, wild.s);
		diag_note(d, NULL, "name the actions one by one, each with the official statement's resources and "
		    "conditions");
	}
	if (nb) {
		const Value *rloc = v_get(st, "Resource") ? v_get(st, "Resource") : st;
		Diag *d = diag(KG402, &rloc->loc, "%s allows %s with less scoping than the official Karpenter %s "
		    "policy", name, broad.s, c->kv->name);
		if (hint)
			diag_note(d, NULL, "use the resources and conditions of the official statement '%s' "
			    "(karpgen compile writes it to iam/)", hint);
	}
	if (ne) {
		Diag *d = diag(KG402, &aloc->loc, "%s allows %s, which the official Karpenter %s policy does not",
		    name, extra.s, c->kv->name);
		diag_note(d, NULL, "the controller does not need it; drop it or move it to a policy of its own");
	}
	buf_free(&broad);
	buf_free(&extra);
	buf_free(&wild);
}

/* KG403: every condition key on the v1alpha5 provisioner tag. */
static void
legacy_tags(Ctx *c, const Value *st)
{
	const Value *cond = v_get(st, "Condition");
	for (int i = 0; cond && cond->kind == V_MAP && i < cond->n; i++) {
		const Value *ops = cond->members[i].val;
		for (int m = 0; ops && ops->kind == V_MAP && m < ops->n; m++) {
			const Member *mb = &ops->members[m];
			const Value *vals = mb->val;
			bool on_key = strstr(mb->key, "karpenter.sh/provisioner-name") != NULL;
			bool on_value = false;
			if (strstr(mb->key, "aws:TagKeys")) {
				Vals vs = { 0 };
				strings_of(c->a, vals, &vs);
				for (int k = 0; k < vs.n; k++)
					on_value |= strcmp(vs.v[k]->s, "karpenter.sh/provisioner-name") == 0;
			}
			if (!on_key && !on_value)
				continue;
			Diag *d = diag(KG403, on_key ? &mb->key_loc : &vals->loc, "condition on 'karpenter.sh/provisioner-name', "
			    "a tag Karpenter %s no longer sets", c->kv->name);
			diag_note(d, NULL, "since v1beta1 nodes are tagged 'karpenter.sh/nodepool': condition on that");
		}
	}
}

static bool
controller_policy(Ctx *c, const Vals *sts)
{
	static const char *const markers[] = { "ec2:CreateFleet", "ec2:RunInstances", "ec2:CreateLaunchTemplate",
		"iam:PassRole", "pricing:GetProducts" };
	for (int i = 0; i < sts->n; i++) {
		const char *sid = sid_of(sts->v[i]);
		for (int o = 0; sid && o < c->off.n; o++)
			if (strcmp(sid, c->off.v[o].sid) == 0)
				return true;
		Vals acts = { 0 };
		strings_of(c->a, v_get(sts->v[i], "Action"), &acts);
		for (int k = 0; k < acts.n; k++)
			for (size_t m = 0; m < sizeof markers / sizeof *markers; m++)
				if (glob(acts.v[k]->s, markers[m], true))
					return true;
	}
	return false;
}

void
check_iam(const IR *ir)
{
	if (!ir->policies.n)
		return;
	Ctx c = { .a = ir->arena, .kv = &ir->opt->kv };
	const IamData *d = iam_data(c.a, c.kv);
	if (!d)
		return;
	load_official(&c, d);
	bool legacy = !kv_has(c.kv, KF_PROVISIONER_NAME);
	const PolicyDoc *first = NULL;
	Vals granted = { 0 };
	for (int p = 0; p < ir->policies.n; p++) {
		const PolicyDoc *pd = &ir->policies.v[p];
		if (!pd->doc || pd->doc->kind != V_MAP)
			continue;
		size_t size = iam_doc_size(pd->doc);
		if (size > IAM_MANAGED_POLICY_QUOTA) {
			Diag *g = diag(KG404, &pd->doc->loc, "policy document is %zu characters, over the %d of a managed "
			    "policy", size, IAM_MANAGED_POLICY_QUOTA);
			diag_note(g, NULL, "split it between statements into several managed policies, as the official "
			    "template does (six for Karpenter 1.14), or attach it as an inline policy (10,240)");
		}
		Vals sts = { 0 };
		statements_of(c.a, pd->doc, &sts);
		if (!controller_policy(&c, &sts))
			continue;
		first = first ? first : pd;
		for (int i = 0; i < sts.n; i++) {
			if (legacy)
				legacy_tags(&c, sts.v[i]);
			if (!allows(sts.v[i]))
				continue;
			check_statement(&c, sts.v[i]);
			strings_of(c.a, v_get(sts.v[i], "Action"), &granted);
		}
	}
	if (!first)
		return;
	Buf missing = { 0 };
	int n = 0;
	for (int k = 0; k < c.actions.n; k++) {
		bool ok = false;
		for (int i = 0; i < granted.n && !ok; i++)
			ok = glob(granted.v[i]->s, c.actions.v[k], true);
		if (!ok)
			join(&missing, c.actions.v[k], n++);
	}
	if (n) {
		const Value *st = v_get(first->doc, "Statement");
		Diag *g = diag(KG401, st ? &st->loc : &first->doc->loc, "the controller policy lacks %s, which Karpenter %s "
		    "needs", missing.s, c.kv->name);
		diag_note(g, NULL, "add the official statements (karpgen compile writes them to iam/); with the policy "
		    "split over several files, give them all");
	}
	buf_free(&missing);
}

/*
 * The kit's controller policy, split into documents under the quota
 * (iam_controller_docs()): one statement alone over it cannot be split.
 */
void
check_iam_kit(const Lowered *lw)
{
	IamDoc *docs;
	int n = iam_controller_docs(lw, &docs);
	for (int i = 0; i < n; i++) {
		const Value *stmts = v_get(docs[i].doc, "Statement");
		if (docs[i].size <= IAM_MANAGED_POLICY_QUOTA || !stmts || stmts->kind != V_LIST || stmts->n != 1)
			continue;
		const Value *sid = v_get(stmts->items[0], "Sid");
		Loc none = { 0 };
		diag(KG404, &none, "statement '%s' alone is over the managed-policy quota (%zu of %d characters)",
		    sid ? sid->s : "?", docs[i].size, IAM_MANAGED_POLICY_QUOTA);
	}
}
