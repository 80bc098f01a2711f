"""The booking engine knows no feature app: they depend on it, never the reverse."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

import opportunities
from leadership.calendar import calendar_entries
from opportunities.registry import CalendarEntries

# What the engine builds on: the portal's library, the directory and accounts.
FOUNDATIONS = {"opportunities", "learning_network", "directory", "accounts"}


def imported_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
    return found


def project_apps() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and "site-packages" not in config.path
    }


def test_the_engine_imports_no_feature_app():
    feature_apps = project_apps() - FOUNDATIONS
    assert "leadership" in feature_apps
    engine = Path(opportunities.__file__).parent
    imports = imported_modules(engine)
    used = {name for name in imports if name.split(".")[0] in feature_apps}
    assert used == set()


def test_templates_of_the_engine_name_no_feature_app():
    folder = Path(settings.BASE_DIR) / "templates" / "opportunities"
    feature_apps = project_apps() - FOUNDATIONS
    for path in folder.rglob("*.html"):
        text = path.read_text()
        for name in feature_apps:
            assert f"'{name}:" not in text and f'"{name}:' not in text, (path, name)


def test_leadership_declares_its_windows_on_its_app_config():
    declared = apps.get_app_config("leadership").calendar_entries
    assert isinstance(declared, CalendarEntries)
    assert declared.entries == "leadership.calendar.calendar_entries"
    assert calendar_entries.__module__ == "leadership.calendar"
