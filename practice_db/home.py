"""The practice database's panel on the home page (declared in apps.py)."""

from typing import Any

from practice_db.models import PracticeExample


def latest_examples(user) -> dict[str, Any]:
    """The five most recently published examples."""
    examples = (
        PracticeExample.objects.published()
        .select_related("organisation__region")
        .order_by("-published_at", "-pk")[:5]
    )
    return {"latest_examples": examples}
