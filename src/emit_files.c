/*
 * emit_files.c - karpenter/: the EC2NodeClass and NodePool manifests of a
 * lowered IR as YAML, and their kustomization.yaml.  Bytes only: the
 * manifests were checked against the target's CRDs before (check_lowered()),
 * and out.c writes the kit.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------- the manifests */

static bool
manifest_name_ok(const char *name)
{
	return strlen(name) <= 63 && pat_match(PAT_DNS1123_LABEL, name, strlen(name));
}

static void
add_yaml(Output *o, const char *path, const Value *doc)
{
	char *y = value_to_yaml(doc);
	out_add(o, path, y, strlen(y), false);
	free(y);
}

/*
 * karpenter/: each manifest written (in memory), pools built one at a time in
 * a scratch arena, so 2,000 of them are never all in memory.
 */
void
emit_manifests(const Lowered *lw, Output *o)
{
	Arena *run = lw->ir->arena, *scratch = arena_new();
	Buf k = { 0 };
	buf_puts(&k, "# The Karpenter objects of the migration: 'kubectl apply -k' after the runbook has\n"
	    "# filled the ${...} placeholders, if any (runbook.sh does both).\n"
	    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
	for (int i = 0; i < lw->classes.n; i++) {
		const LNodeClass *c = lw->classes.v[i];
		if (!manifest_name_ok(c->name))
			continue;
		add_yaml(o, arena_printf(run, "karpenter/ec2nodeclasses/%s.yaml", c->name), c->doc);
		buf_printf(&k, "- ec2nodeclasses/%s.yaml\n", c->name);
	}
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		if (!manifest_name_ok(p->name))
			continue;
		add_yaml(o, arena_printf(run, "karpenter/nodepools/%s.yaml", p->name), lower_pool_doc(lw, p, scratch));
		buf_printf(&k, "- nodepools/%s.yaml\n", p->name);
		if (arena_used(scratch) > (4u << 20))
			arena_reset(scratch);
	}
	arena_free(scratch);
	out_add_buf(o, "karpenter/kustomization.yaml", &k, false);
}

void
comment_text(Buf *b, const char *s)
{
	for (size_t i = 0, n = s ? strlen(s) : 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 1 && c >= 0x20 && c != 0x7f) {
			buf_add(b, s + i, 1);
		} else if (k > 1) {
			buf_add(b, s + i, k);
		} else {
			buf_add(b, "?", 1);
			k = 1;
		}
		i += k;
	}
}
