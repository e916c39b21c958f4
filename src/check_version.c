/*
 * check_version.c - the target Karpenter release against the cluster's
 * Kubernetes version (KG250), from the range of versions.def: a release
 * that does not support the cluster's Kubernetes version is an error that
 * names the releases that would; and a pinned release newer than every row
 * of versions.def, which karpgen can say nothing about (a warning: the kit is
 * still made, for the newest release it knows).
 */
#include "karpgen.h"

#include <stdio.h>
#include <string.h>

/*
 * The version the inputs pin, newer than every release karpgen knows: the
 * kit targets an older one, so its controller phase would downgrade a
 * running controller, and nothing of the pinned release (CRDs, CEL, IAM,
 * Helm values, Kubernetes range) is known to check the kit against.
 */
static void
newer_pin(const CheckCtx *c)
{
	const SVal *pin = &c->ir->cluster.karpenter_version;
	const KarpRelease *near;
	if (!pin->set || pin->unknown || !pin->s || karpenter_pin_place(pin->s, &near) != PIN_NEWER)
		return;
	Diag *d = diag_sev(KG250, SEV_WARNING, &pin->loc, "Karpenter '%s' is newer than every release karpgen "
	    "knows (the newest is %s)", pin->s, near->name);
	diag_note(d, NULL, "karpgen cannot know %s's CRDs, CEL rules, official IAM policy, Helm values or the "
	    "Kubernetes versions it supports; the kit targets %s, and the runbook's controller phase would "
	    "downgrade the running controller", pin->s, c->ir->opt->kv.name);
	diag_note(d, NULL, "keep the controller at %s and skip the controller phase (REPORT.md says what to "
	    "check), or use a karpgen whose version table has it", pin->s);
}

void
check_version_compat(const CheckCtx *c)
{
	newer_pin(c);
	const SVal *k8s = &c->ir->cluster.k8s_version;
	const KarpVersion *kv = &c->ir->opt->kv;
	int minor = k8s->set && !k8s->unknown ? kube_minor(k8s->s) : -1;   /* kube_minor(NULL) is -1 */
	if (minor < 0 || !kv->rel)
		return;  /* not given, an expression, or not a 1.x version karpgen can compare */
	const KarpRelease *r = kv->rel;
	if (minor >= r->k8s_min && minor <= r->k8s_max)
		return;
	Diag *d = diag(KG250, &k8s->loc, "Karpenter %s does not support Kubernetes %s (it supports 1.%d to 1.%d)",
	    kv->name, k8s->s, r->k8s_min, r->k8s_max);
	Buf ok = { 0 };
	for (int i = 0; i < karpenter_release_count; i++) {
		const KarpRelease *o = &karpenter_releases[i];
		if (minor >= o->k8s_min && minor <= o->k8s_max)
			buf_printf(&ok, "%s%s", ok.len ? ", " : "", o->name);
	}
	if (ok.len)
		diag_note(d, NULL, "Karpenter releases karpgen knows that support Kubernetes %s: %s "
		    "('--karpenter-version')", k8s->s, ok.s);
	else
		diag_note(d, NULL, "no Karpenter release karpgen knows supports Kubernetes %s", k8s->s);
	buf_free(&ok);
}
