"""docker-compose.yml and docker-compose.dev.yml hold to the project, without Docker.

Every command names an entry point that exists, every variable a Python
service gets is one it reads, with the settings' own defaults, the ports are
the README's, and readiness goes through healthchecks and conditions.
"""

import importlib
import re
import tomllib

from api import create_app
from pipeline.settings import Settings
from stack.kafka import KAFKA_VERSION
from stack.paths import ROOT
from tests.deploy import files

PYTHON_DOCKERFILE = "docker/python.Dockerfile"
SETTINGS_VARIABLES = {name.upper() for name in Settings.model_fields}
# Read outside pipeline.settings: the file that reads each, and its default.
READ_ELSEWHERE = {
    "LOG_LEVEL": ("pipeline/logs.py", "INFO"),
    "WEB_CONCURRENCY": ("api/gunicorn.conf.py", "2"),
}
# Third-party variables: Python's own, and Streamlit's STREAMLIT_<SECTION>_<KEY>.
THIRD_PARTY = {"PYTHONPATH"}
THIRD_PARTY_PREFIXES = ("STREAMLIT_",)
# The page's one variable (frontend/src/config.ts).
PAGE_VARIABLES = {"VITE_API_URL"}
HEALTHCHECKED = ("kafka", "redis", "api")
# Programs that read the events topic or write to it wait for the topics.
TOPIC_MODULES = {"pipeline.engine", "pipeline.simulator"}
# Console scripts a command may start with, and the distribution shipping each.
LAUNCHERS = {"gunicorn": "gunicorn", "streamlit": "streamlit", "jupyter": "jupyterlab"}
PINNED_TAG = re.compile(r":\d+\.\d+\.\d+(-[\w.]+)?$")


def python_services(compose: dict) -> list[str]:
    """Return the services built from the Python Dockerfile."""
    return [
        name
        for name, svc in compose["services"].items()
        if svc.get("build", {}).get("dockerfile") == PYTHON_DOCKERFILE
    ]


def module_runs(module: str) -> bool:
    """Return whether `python -m module` finds a file in the repository."""
    path = ROOT / module.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__main__.py").is_file()


def option(words: list[str], name: str) -> str | None:
    """Return the value of `name VALUE` or `name=VALUE` in words."""
    for i, word in enumerate(words):
        if word == name and i + 1 < len(words):
            return words[i + 1]
        if word.startswith(name + "="):
            return word.split("=", 1)[1]
    return None


def requirement_names(extras: list[str]) -> set[str]:
    """Return the distributions `pip install .[extras]` asks for."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [
        req for extra in extras for req in project["optional-dependencies"][extra]
    ]
    return {re.match(r"[\w.-]+", req)[0].lower() for req in wanted}


def installed_in(target: str) -> set[str]:
    """Return the distributions the venv of a Python image target holds."""
    dockerfile = files.read_dockerfile(ROOT / PYTHON_DOCKERFILE)
    venv_stages = [
        re.search(r"--from=(\S+)", rest)[1]
        for stage in dockerfile.chain(target)
        for keyword, rest in stage.instructions
        if keyword == "COPY" and "/opt/venv" in rest and "--from=" in rest
    ]
    names = set()
    for stage in (s for name in venv_stages for s in dockerfile.chain(name)):
        for keyword, rest in stage.instructions:
            found = re.search(r"pip install \"?/src(?:\[([\w,]+)\])?", rest)
            if keyword == "RUN" and found:
                extras = [e for e in (found[1] or "").split(",") if e]
                names |= requirement_names(extras)
    return names


def entry_point_problems(words: list[str]) -> list[str]:
    """Return what is wrong with the entry point a command starts."""
    launcher = words[0]
    if launcher == "python":
        module = option(words, "-m")
        return [] if module and module_runs(module) else [f"no module {module}"]
    if launcher == "gunicorn":
        problems = []
        config = option(words, "-c")
        if not (config and (ROOT / config).is_file()):
            problems.append(f"no gunicorn config {config}")
        module_name, _, factory = words[-1].partition(":")
        module = importlib.import_module(module_name)
        if not callable(getattr(module, factory.removesuffix("()"), None)):
            problems.append(f"no app factory {words[-1]}")
        if not module.__file__.startswith(str(ROOT)):
            problems.append(f"{module_name} is not the project's")
        return problems
    if launcher == "streamlit":
        script = words[2] if words[1:2] == ["run"] else None
        return [] if script and (ROOT / script).is_file() else [f"no script {script}"]
    if launcher == "jupyter":
        root = option(words, "--ServerApp.root_dir") or "/app"
        folder = ROOT / root.removeprefix("/app").lstrip("/")
        return [] if list(folder.glob("*.ipynb")) else [f"no notebooks in {root}"]
    if launcher == "npx":
        package = (ROOT / "frontend/package.json").read_text()
        return [] if f'"{words[1]}"' in package else [f"{words[1]} not in package.json"]
    return [f"unknown launcher {launcher}: teach this check where its entry point is"]


def test_every_command_starts_an_entry_point_of_the_project(services_of):
    problems = []
    for name, definitions in services_of.items():
        for svc in definitions:
            words = files.command(svc)
            if words and name not in ("kafka", "redis"):
                problems += [f"{name}: {p}" for p in entry_point_problems(words)]

    assert problems == []


def test_each_launcher_is_installed_in_its_image(compose, services_of):
    missing = []
    for name in python_services(compose):
        installed = installed_in(compose["services"][name]["build"]["target"])
        for words in filter(None, map(files.command, services_of[name])):
            launcher = words[0]
            if launcher in LAUNCHERS and LAUNCHERS[launcher] not in installed:
                missing.append(f"{name}: {launcher}")

    assert missing == []


def test_python_services_set_only_variables_the_project_reads(compose, services_of):
    allowed = SETTINGS_VARIABLES | set(READ_ELSEWHERE) | THIRD_PARTY
    unknown = [
        f"{name}: {variable}"
        for name in python_services(compose)
        for svc in services_of[name]
        for variable in files.environment(svc)
        if variable not in allowed and not variable.startswith(THIRD_PARTY_PREFIXES)
    ]

    assert unknown == []


def test_variables_read_elsewhere_are_read_where_the_list_says():
    for variable, (path, default) in READ_ELSEWHERE.items():
        source = (ROOT / path).read_text()

        assert f'environ.get("{variable}", "{default}")' in source, variable


def test_the_page_gets_only_the_variables_its_config_reads(services_of):
    config = (ROOT / "frontend/src/config.ts").read_text()
    given = set(services_of["web"][0]["build"].get("args", {}))
    for svc in services_of["web"]:
        given |= set(files.environment(svc))

    assert given <= PAGE_VARIABLES
    assert all(variable in config for variable in PAGE_VARIABLES)


def test_host_variables_keep_the_names_and_defaults_of_the_settings(compose):
    problems = []
    for name in python_services(compose):
        for variable, value in files.environment(compose["services"][name]).items():
            for ref in files.variables(value or ""):
                default = files.interpolate(ref[0])
                if ref["name"] != variable:
                    problems.append(f"{name}: {variable} from ${{{ref['name']}}}")
                elif variable in READ_ELSEWHERE:
                    if default != READ_ELSEWHERE[variable][1]:
                        problems.append(f"{name}: {variable} default {default}")
                elif variable in SETTINGS_VARIABLES:
                    field = variable.lower()
                    parsed = getattr(Settings(**{field: default}), field)
                    if parsed != Settings.model_fields[field].default:
                        problems.append(f"{name}: {variable} default {default}")

    assert problems == []


def documented_ports() -> set[int]:
    """Return the ports of the URL table under the README's Quickstart."""
    readme = (ROOT / "README.md").read_text()
    table = readme.split("Then these are up:", 1)[1].split("\n\n", 2)[1]
    return {int(port) for port in re.findall(r"localhost:(\d+)", table)}


def listening_port(name: str, svc: dict) -> int:
    """Return the port the program of a service listens on, from its own config."""
    words = files.command(svc)
    if name == "api":
        return Settings.model_fields["api_port"].default
    if name == "web":
        nginx = (ROOT / "docker/nginx.conf").read_text()
        return int(re.search(r"listen (\d+);", nginx)[1])
    if name == "dashboard":
        return int(option(words, "--server.port"))
    if name == "jupyter":
        return int(option(words, "--port"))
    if name == "kafka":
        listeners = files.environment(svc)["KAFKA_LISTENERS"]
        return int(re.search(r"HOST://[^,]*:(\d+)", listeners)[1])
    if name == "redis":
        return int(option(words, "--port") or 6379)
    raise AssertionError(f"{name} publishes a port this check does not know")


def test_published_ports_are_the_documented_ones(compose):
    readme = (ROOT / "README.md").read_text()
    published = {name: files.ports(svc) for name, svc in compose["services"].items()}
    hosts = [port.host for found in published.values() for port in found]

    assert documented_ports() <= set(hosts)
    assert len(hosts) == len(set(hosts))
    for name, found in published.items():
        for port in found:
            assert f"localhost:{port.host}" in readme, name
            assert (
                port.host
                == port.container
                == listening_port(name, compose["services"][name])
            ), name
            assert port.host_ip == "127.0.0.1", name


def test_services_reach_each_other_where_they_listen(compose):
    services = compose["services"]
    kafka = files.environment(services["kafka"])
    advertised = kafka["KAFKA_ADVERTISED_LISTENERS"]
    api_port = files.ports(services["api"])[0].host
    web_port = files.ports(services["web"])[0].host
    for name in python_services(compose):
        env = files.environment(services[name])

        assert f"//{env['KAFKA_BOOTSTRAP_SERVERS']}" in advertised, name
        assert env["REDIS_URL"].split("//")[1].split(":")[0] in services, name
    host_listener = re.search(r"HOST://localhost:(\d+)", advertised)[1]
    assert int(host_listener) == files.ports(services["kafka"])[0].host
    vite = files.interpolate(services["web"]["build"]["args"]["VITE_API_URL"])
    assert vite == f"http://localhost:{api_port}"
    cors = files.interpolate(files.environment(services["api"])["CORS_ORIGINS"])
    assert f"http://localhost:{web_port}" in cors.split(",")


def test_kafka_redis_and_the_api_have_healthchecks(compose):
    for name in HEALTHCHECKED:
        assert compose["services"][name]["healthcheck"]["test"], name


def test_the_api_healthcheck_asks_its_health_route(compose):
    check = " ".join(compose["services"]["api"]["healthcheck"]["test"])
    path = re.search(r"http://[\w.:]+(/[\w/-]*)", check)[1]
    routes = {rule.rule for rule in create_app().url_map.iter_rules()}

    assert path == "/healthz"
    assert path in routes


def test_the_api_stops_within_docker_grace_period(compose):
    gunicorn = (ROOT / "api/gunicorn.conf.py").read_text()
    graceful = int(re.search(r"^graceful_timeout = (\d+)$", gunicorn, re.M)[1])
    grace = compose["services"]["api"]["stop_grace_period"]

    assert int(grace.removesuffix("s")) > graceful


def test_dependents_wait_for_health_or_completion(compose):
    services = compose["services"]
    problems = []
    for name, svc in services.items():
        for dependency, spec in (svc.get("depends_on") or {}).items():
            target = services[dependency]
            if "healthcheck" in target:
                wanted = "service_healthy"
            elif target.get("restart") == "no":
                wanted = "service_completed_successfully"
            else:
                wanted = "a healthcheck on the dependency"
            if not isinstance(spec, dict) or spec.get("condition") != wanted:
                problems.append(f"{name} -> {dependency}: want {wanted}")

    assert problems == []


def test_each_service_waits_for_what_it_uses(compose):
    services = compose["services"]
    for name in python_services(compose):
        waits_for = set(services[name].get("depends_on", {}))
        module = option(files.command(services[name]), "-m")

        assert waits_for & {"kafka", "redis"}, name
        if module in TOPIC_MODULES:
            assert "topics" in waits_for, name
    assert files.command(services["topics"])[-1] == "pipeline.topics"
    assert services["topics"]["restart"] == "no"
    assert "api" in services["web"]["depends_on"]


def test_no_version_key_and_no_fixed_container_names(compose, dev):
    for data in (compose, dev):
        assert "version" not in data
        for name, svc in data["services"].items():
            assert "container_name" not in svc, name


def test_images_are_pinned_and_overridable(compose):
    for name, svc in compose["services"].items():
        if "image" in svc:
            image = files.interpolate(svc["image"])

            assert PINNED_TAG.search(image), f"{name}: {image}"
            assert re.fullmatch(r"\$\{\w+_IMAGE:-[^}]+\}", svc["image"]), name
    kafka = files.interpolate(compose["services"]["kafka"]["image"])
    assert kafka == f"apache/kafka:{KAFKA_VERSION}"


def test_every_variable_has_a_default_or_is_required(compose, dev):
    bare = [
        ref[0]
        for data in (compose, dev)
        for value in files.strings(data)
        for ref in files.variables(value)
        if not ref["op"] or not (ref["arg"] or ref["op"].endswith("-"))
    ]

    assert bare == []


def test_kafka_and_redis_keep_their_data_in_named_volumes(compose):
    mounts = {"kafka": "/var/lib/kafka/data", "redis": "/data"}
    for name, path in mounts.items():
        volume = next(
            v.split(":")[0]
            for v in compose["services"][name]["volumes"]
            if v.split(":")[1] == path
        )

        assert volume in compose["volumes"], name
    assert files.command(compose["services"]["redis"])[1:] == ["--appendonly", "yes"]


def test_jupyter_is_behind_the_notebooks_profile(compose):
    assert compose["services"]["jupyter"]["profiles"] == ["notebooks"]
    assert all(
        "profiles" not in svc
        for name, svc in compose["services"].items()
        if name != "jupyter"
    )
