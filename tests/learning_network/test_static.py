"""Production static files: collected, fingerprinted and compressed."""

import json

from tests.learning_network.test_settings import run_manage


def test_collectstatic_fingerprints_and_compresses_what_pages_use(tmp_path):
    result = run_manage(
        "collectstatic",
        "--no-input",
        SECRET_KEY="k" * 60,
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ["css/portal.css", "js/portal.js", "nhsuk/nhsuk-frontend.min.js"]:
        assert name in manifest
        assert (tmp_path / (manifest[name] + ".gz")).exists()
    # The stylesheet's icons resolve to collected, fingerprinted files.
    css = (tmp_path / manifest["css/portal.css"]).read_text()
    assert "assets/images/nhsuk-icon-cross." in css
    assert (tmp_path / manifest["css/assets/images/nhsuk-icon-cross.svg"]).exists()
    # Only what the pages use: not the whole of NHS.UK frontend's dist.
    assert not (tmp_path / "nhsuk" / "components").exists()
    ours = [path for path in tmp_path.rglob("*") if "admin" not in path.parts]
    assert len(ours) < 250
