/* SPDX-License-Identifier: MIT */
/* Who may see a Vorgang: the one statement of the rule (visibility.h). */
#include "core/visibility.h"

/* The answer of a fact that grants visibility when it holds. */
static enum vis_answer
grants(enum vis_fact f)
{
	switch (f) {
	case VIS_YES:
		return VIS_VISIBLE;
	case VIS_NO:
		return VIS_HIDDEN;
	case VIS_UNKNOWN:
		break;
	}
	return VIS_DEPENDS;
}

enum vis_answer
visibility_process(const struct viewer *v, const struct vis_facts *f)
{
	enum vis_answer a;

	if (f->org_id != v->org_id)
		return VIS_HIDDEN;
	switch (v->kind) {
	case VIEW_ADMIN:
		return VIS_VISIBLE;
	case VIEW_CONTACT:
		return f->reporter_id == v->user_id ? VIS_VISIBLE : VIS_HIDDEN;
	case VIEW_EMPLOYEE:
		if (f->created_by == v->user_id)
			return VIS_VISIBLE;
		/* Either fact grants it: one that holds decides, however
		 * the other stands. */
		if ((a = grants(f->assigned)) == VIS_VISIBLE)
			return a;
		if (grants(f->staff) == VIS_VISIBLE)
			return VIS_VISIBLE;
		if (a == VIS_DEPENDS || f->staff == VIS_UNKNOWN)
			return VIS_DEPENDS;
		return VIS_HIDDEN;
	}
	return VIS_HIDDEN; /* no other kind of viewer sees anything */
}
