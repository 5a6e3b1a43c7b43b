"""The exitdoors-server command line: init, invite, devices, revoke, bad arguments."""

from __future__ import annotations

import hashlib
import socket
import ssl
import stat
import sys
from pathlib import Path

import pytest

from exitdoors_server import cli


def _served_fingerprint(server) -> str:
    context = ssl.create_default_context(cafile=str(server.data.cert))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            der = tls.getpeercert(binary_form=True)
    return hashlib.sha256(der).hexdigest()


def test_init_fingerprint_matches_served_certificate(server):
    assert _served_fingerprint(server) == server.data.fingerprint


def test_init_creates_private_folder_and_key(tmp_path, new_database_url, server_cli):
    data = tmp_path / "office"
    args = ["init", "--data-dir", str(data)]
    url = new_database_url()
    if url:
        args += ["--database-url", url]
    result = server_cli(*args)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "server-key.pem").stat().st_mode) == 0o600
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("SHA256 fingerprint: ")]
    assert len(lines) == 1
    fingerprint = lines[0].split(": ")[1]
    der = ssl.PEM_cert_to_DER_cert((data / "server-cert.pem").read_text())
    assert fingerprint == hashlib.sha256(der).hexdigest()
    if url is None:
        assert stat.S_IMODE((data / "exitdoors-server.db").stat().st_mode) == 0o600
    # Running init again migrates (a no-op here) and keeps the certificate.
    again = server_cli(*args)
    assert again.returncode == 0, again.stderr
    assert f"SHA256 fingerprint: {fingerprint}" in again.stdout
    assert "kept" in again.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "exitdoors-server"
    assert script.exists()
    import subprocess

    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("exitdoors-server ")


def test_devices_and_revoke(server):
    dev = server.enroll("Front desk")
    listing = server.data.cli("devices")
    assert listing.returncode == 0
    header = listing.stdout.splitlines()[0].split()
    assert header[:2] == ["ID", "NAME"]
    assert "LAST" in header and "REVOKED" in header
    assert dev.id in listing.stdout
    first = server.data.cli("revoke", dev.id)
    assert first.returncode == 0 and dev.id in first.stdout
    # Revoking again is harmless; adding --wipe later turns the wipe on.
    second = server.data.cli("revoke", dev.id, "--wipe")
    assert second.returncode == 0 and "wipe" in second.stdout
    assert server.sync(dev).json()["commands"] == [{"type": "wipe"}]


def _bad(capsys, *argv):
    """Run the CLI in-process; return (exit status, stderr)."""
    try:
        status = cli.main(list(argv))
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.err


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli") / "d"
    assert cli.main(["init", "--data-dir", str(data)]) == 0
    return data


BAD_ARGUMENTS = [
    [],
    ["bogus"],
    ["serve"],
    ["serve", "--data-dir", "{d}", "--port", "abc"],
    ["serve", "--data-dir", "{d}", "--port", "70000"],
    ["serve", "--data-dir", "{d}", "--port", "0"],
    ["serve", "--data-dir", "{d}", "--cert", "/nonexistent.pem"],
    ["serve", "--data-dir", "{d}", "--cert", "/nonexistent.pem", "--key", "/nonexistent.key"],
    ["serve", "--data-dir", "{d}", "--max-body", "10"],
    ["serve", "--data-dir", "{d}", "--max-body", "-5"],
    ["serve", "--data-dir", "{d}", "--enroll-window", "nan"],
    ["serve", "--data-dir", "/nonexistent/folder"],
    ["serve", "--data-dir", "{d}", "--database-url", "mysql://x@localhost/db"],
    ["serve", "--data-dir", "{d}", "--database-url", "::::"],
    ["invite", "--data-dir", "{d}"],
    ["invite", "--data-dir", "{d}", "--name", "x", "--expires", "7x"],
    ["invite", "--data-dir", "{d}", "--name", "x", "--expires", "0d"],
    ["invite", "--data-dir", "{d}", "--name", "x", "--expires", "400d"],
    ["invite", "--data-dir", "{d}", "--name", ""],
    ["invite", "--data-dir", "{d}", "--name", "a\nb"],
    ["invite", "--data-dir", "/nonexistent/folder", "--name", "x"],
    ["devices"],
    ["devices", "--data-dir", "{d}", "--extra"],
    ["revoke", "--data-dir", "{d}"],
    ["revoke", "no-such-device", "--data-dir", "{d}"],
    ["init", "--data-dir", "{d}/server-cert.pem"],
]


@pytest.mark.parametrize("argv", BAD_ARGUMENTS, ids=lambda a: " ".join(a) or "(none)")
def test_bad_arguments_exit_2_with_one_line(capsys, initialised, argv):
    argv = [a.replace("{d}", str(initialised)) for a in argv]
    status, err = _bad(capsys, *argv)
    assert status == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("exitdoors-server: error: ")


def test_bad_arguments_through_the_real_command(initialised, server_cli):
    result = server_cli(
        "invite", "--data-dir", str(initialised), "--name", "x", "--expires", "soon"
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--expires" in result.stderr
    assert result.stdout == ""


def test_uninitialised_database_is_refused(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    status, err = _bad(capsys, "devices", "--data-dir", str(tmp_path / "empty"))
    assert status == 2 and "init" in err


def test_unreachable_database_is_a_runtime_error(capsys, initialised):
    # Nothing listens on port 1: a runtime failure (exit 1), not a usage error.
    url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"
    status, err = _bad(capsys, "devices", "--data-dir", str(initialised), "--database-url", url)
    assert status == 1
    assert err.count("\n") == 1 and "database error" in err
