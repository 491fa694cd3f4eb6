"""A self-signed TLS certificate for a LAN server, and its SHA-256 fingerprint for posters.

The reporter's browser will warn once about a certificate it does not know; the poster carries the
fingerprint so the reporter (or the agency's IT) can check it is ours before accepting it.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

CERT_NAME = "intake-cert.pem"
KEY_NAME = "intake-key.pem"


@dataclass(frozen=True)
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str          # "AB:CD:…" SHA-256 of the DER certificate
    names: tuple[str, ...]    # subject alternative names (DNS names and IP addresses)


def private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def local_names(extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """localhost, 127.0.0.1, this machine's host name and its addresses, plus `extra`."""
    names = ["localhost", "127.0.0.1"]
    host = socket.gethostname()
    names.append(host)
    try:
        for info in socket.getaddrinfo(host, None, family=socket.AF_INET):
            names.append(info[4][0])
    except OSError:
        pass
    try:   # the address used to reach the LAN (no packet is sent by a UDP connect)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            names.append(probe.getsockname()[0])
    except OSError:
        pass
    names.extend(extra)
    seen: list[str] = []
    for name in names:
        if name and name not in seen and name != "0.0.0.0":
            seen.append(name)
    return seen


def generate_certificate(folder: Path, names: list[str] | tuple[str, ...], days: int = 3 * 365) -> Certificate:
    """Write a new EC P-256 key (0600) and a self-signed certificate for `names` into `folder` (0700)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = private_dir(Path(folder))
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "WBS Inspektorat Daerah Kota Palembang"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Inspektorat Daerah Kota Palembang"),
    ])
    alt_names: list[x509.GeneralName] = []
    for name in names:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alt_names.append(x509.DNSName(name))
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / KEY_NAME, folder / CERT_NAME
    key_bytes = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption())
    _write_private(key_path, key_bytes)
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return Certificate(cert_path, key_path, _fingerprint(cert), tuple(names))


def load_certificate(folder: Path) -> Certificate | None:
    from cryptography import x509

    key_path, cert_path = Path(folder) / KEY_NAME, Path(folder) / CERT_NAME
    if not (key_path.is_file() and cert_path.is_file()):
        return None
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(str(v) for v in san.get_values_for_type(x509.DNSName)) + \
            tuple(str(v) for v in san.get_values_for_type(x509.IPAddress))
    except x509.ExtensionNotFound:
        names = ()
    return Certificate(cert_path, key_path, _fingerprint(cert), names)


def ensure_certificate(folder: Path, extra_names: list[str] | tuple[str, ...] = ()) -> Certificate:
    """The certificate in `folder`, generated (for this machine's names + extra) if missing or expired,
    or if it does not cover one of `extra_names`."""
    existing = load_certificate(folder)
    if existing is not None and not _expired(existing) and all(n in existing.names for n in extra_names):
        return existing
    return generate_certificate(folder, local_names(list(extra_names)))


def _expired(cert: Certificate) -> bool:
    from cryptography import x509

    loaded = x509.load_pem_x509_certificate(cert.cert_path.read_bytes())
    return loaded.not_valid_after_utc <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=7)


def _fingerprint(cert) -> str:
    from cryptography.hazmat.primitives import hashes

    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
