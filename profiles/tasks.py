"""Run handler for profile enhancement (thin: the work is in profiles.services)."""

from __future__ import annotations

from profiles import services
from runs.executor import ItemFailed, run_handler
from runs.models import Run, RunItem


@run_handler(services.ENHANCE_KIND)
def enhance_profile_item(run: Run, item: RunItem) -> None:
    """Enhance the profile whose id is the item's key (an explained failure fails the item)."""
    try:
        services.enhance_run_item(run, int(item.key))
    except services.ProfileError as exc:
        raise ItemFailed(str(exc)) from None
