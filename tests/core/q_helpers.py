"""Tasks used by tests that run a real qcluster process (importable by the worker)."""

from runs.models import Run


def mark_run_done(run_id: int, worker_note: str) -> None:
    """Record that a worker executed this task, in the database the worker talks to."""
    Run.objects.filter(id=run_id).update(status=Run.Status.DONE, last_error=worker_note)


def noop_handler(run: Run, item) -> None:
    """A Run handler that succeeds for every item except the key "bad"."""
    if item.key == "bad":
        raise ValueError("bad item")


def llm_echo_handler(run: Run, item) -> None:  # noqa: ANN001
    """A Run handler that makes one structured LLM call per item (purpose "echo")."""
    from pydantic import BaseModel

    from llm.gateway import extract

    class Echo(BaseModel):
        text: str

    extract(
        Echo,
        system="Repeat the text.",
        user=f"item {item.key}",
        purpose="echo",
        run_id=run.id,
        item_key=item.key,
    )
