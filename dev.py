"""Set up this clone's environment and run its main job, tests or docs build.

Usage, from the root of a clone, with only Python (3.10+) and git::

    python dev.py demo [OPTIONS]       # the main job: python -m imblearn_deepsmote
    python dev.py test [PYTEST ARGS]   # the tests: python -m pytest
    python dev.py docs [SPHINX ARGS]   # the documentation, into docs/_build/html

Each command makes a virtual environment in ``.venv`` when there is none
(``python -m venv``, isolated from the system's site-packages), installs what
the command needs into it, the CPU build of PyTorch first and then this
package in editable mode with the command's extras, and runs the command
with the environment's Python. A stamp file in ``.venv`` records a hash of
``setup.cfg``, ``pyproject.toml`` and the install steps, so that the next run
installs nothing and starts at once, and a changed setup installs again.
Arguments after the command go to the job, to pytest or to Sphinx.

The environment's Python is the one that runs the command, so ``PYTHONPATH``
and ``PYTHONHOME`` are removed from its environment: what is tested is what
is installed in ``.venv``.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"

# The CPU build on this project's machines. An unpinned torch, pulled in as a
# dependency of the package, would be a CUDA build of several gigabytes.
TORCH = "torch==2.13.0"

# What each command installs (after TORCH) and runs; "{python}" is the
# environment's interpreter.
COMMANDS = {
    "demo": {
        "extras": ["plot"],
        "run": ["{python}", "-m", "imblearn_deepsmote"],
        "help": "run the main job (python -m imblearn_deepsmote)",
    },
    "test": {
        "extras": ["test", "distributed"],
        "run": ["{python}", "-m", "pytest"],
        "help": "run the tests (python -m pytest), Dask and Ray included",
    },
    "docs": {
        "extras": ["docs"],
        "run": [
            "{python}",
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-b",
            "html",
            "docs",
            "docs/_build/html",
        ],
        "help": "build the documentation, warnings as errors (runs the gallery)",
    },
}


def say(message):
    print(f"[dev.py] {message}", flush=True)


def venv_python():
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def child_environment():
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME"):
        if env.pop(name, None) is not None:
            say(f"{name} is set; ignoring it so that .venv is what runs")
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = os.pathsep.join([str(venv_python().parent), env.get("PATH", "")])
    return env


def run(command, env):
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def install_steps(extras):
    """The pip installs of a command, in order."""
    return [[TORCH], ["-e", f".[{','.join(extras)}]"]]


def stamp_digest(steps):
    digest = hashlib.sha256()
    for name in ("setup.cfg", "pyproject.toml"):
        digest.update(name.encode())
        digest.update((ROOT / name).read_bytes())
    digest.update(repr(steps).encode())
    return digest.hexdigest()


def working_venv(env):
    python = venv_python()
    if not python.exists():
        return False
    return run([str(python), "-c", "import sys; sys.exit(0)"], env) == 0


def ensure_environment(name, env):
    """Create ``.venv`` if needed and install what command ``name`` needs."""
    steps = install_steps(COMMANDS[name]["extras"])
    stamp = VENV / f".dev-{name}.stamp"
    digest = stamp_digest(steps)
    ready = working_venv(env)
    if ready and stamp.exists() and stamp.read_text().strip() == digest:
        say(f"reusing {VENV.name} (setup unchanged since the last '{name}')")
        return True
    start = time.perf_counter()
    if not ready:
        say(f"creating {VENV.name} with {sys.executable} -m venv")
        result = subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)])
        if result.returncode != 0:
            say(
                "python -m venv failed; on Debian or Ubuntu install the venv "
                "module first (apt-get install python3-venv)"
            )
            return False
    # Each command's stamp holds its own digest, which a changed setup
    # changes: the other commands install again on their next run.
    stamp.unlink(missing_ok=True)
    python = str(venv_python())
    for step in steps:
        say("pip install " + " ".join(step))
        command = [python, "-m", "pip", "install", "--quiet"]
        command += ["--disable-pip-version-check", *step]
        if run(command, env) != 0:
            say("installation failed; fix the error above and run again")
            return False
    stamp.write_text(digest + "\n")
    say(f"environment ready in {time.perf_counter() - start:.0f} s")
    return True


def usage():
    lines = [__doc__.strip().splitlines()[0], "", "commands:"]
    lines += [f"  {name:6s} {spec['help']}" for name, spec in COMMANDS.items()]
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(usage())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    if sys.version_info < (3, 10):  # noqa: UP036 (dev.py may run on any Python)
        say(f"Python 3.10 or later is needed; this is {sys.version.split()[0]}")
        return 2
    name, extra_args = argv[0], argv[1:]
    env = child_environment()
    if not ensure_environment(name, env):
        return 1
    command = [part.format(python=venv_python()) for part in COMMANDS[name]["run"]]
    say(" ".join([Path(command[0]).name, *command[1:], *extra_args]))
    try:
        return run(command + extra_args, env)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
