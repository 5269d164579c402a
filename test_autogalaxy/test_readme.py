"""The README stays true: its quick start runs, and its two set-up commands are what CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_quick_start_runs(capsys):
    code = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(code) == 1
    exec(compile(code[0], "README.md", "exec"), {})
    printed = capsys.readouterr().out.split()
    assert len(printed) > 5


def test_exactly_two_setup_commands_and_ci_runs_the_test_one():
    commands = re.findall(r"```bash\n(.*?)```", README, re.S)
    assert len(commands) == 2
    demo, tests = (c.strip() for c in commands)
    assert "python -m autogalaxy" in demo
    test_command = tests.split("&&")[-1].strip()
    assert test_command == "python -m pytest -q"
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()
