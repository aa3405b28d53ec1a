"""Test certificates for the TLS tests (R-SEC-3), made at test time with the openssl CLI.

    pki = tls_certs.Pki(directory)
    pki.ca                      CA certificate (PEM) that the receiver is given as --tls-ca
    pki.server                  (cert, key) for 127.0.0.1 / localhost, signed by the CA
    pki.client                  (cert, key) for the receiver itself, signed by the CA
    pki.wrong_name              (cert, key) signed by the CA for wrong.example only
    pki.expired                 (cert, key) signed by the CA for 127.0.0.1, expired in 2020
    pki.untrusted               (cert, key) self-signed for 127.0.0.1 (no CA trusts it)
    tls_certs.sha256_fingerprint(cert)   'AB:CD:…' as an SDP a=fingerprint carries it

Names: sofia-sip compares the host it connected to with the certificate's DNS
subjectAltNames only (an IP address entry does not count), so 127.0.0.1 is also a DNS
name in these certificates; Python's ssl and GIO check the IP entry.
"""

import hashlib
import os
import ssl
import subprocess

SERVER_SAN = 'DNS:127.0.0.1,DNS:localhost,IP:127.0.0.1'


def _openssl(*args, cwd):
    p = subprocess.run(['openssl'] + list(args), cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError('openssl %s failed: %s' % (' '.join(args), p.stderr.strip()))


class Pki:
    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.ca = self._path('ca.pem')
        ca_key = self._path('ca.key')
        _openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ca_key, '-out',
                 self.ca, '-days', '2', '-subj', '/CN=sippush test CA',
                 '-addext', 'basicConstraints=critical,CA:TRUE',
                 '-addext', 'keyUsage=critical,keyCertSign,cRLSign', cwd=directory)
        self.server = self._signed('server', '127.0.0.1', SERVER_SAN)
        self.client = self._signed('client', 'receiver.test', 'DNS:receiver.test,DNS:127.0.0.1')
        self.wrong_name = self._signed('wrong-name', 'wrong.example', 'DNS:wrong.example')
        self.expired = self._signed('expired', '127.0.0.1', SERVER_SAN,
                                    dates=('20200101000000Z', '20200102000000Z'))
        key = self._path('untrusted.key')
        cert = self._path('untrusted.pem')
        _openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                 '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=' + SERVER_SAN,
                 cwd=directory)
        self.untrusted = (cert, key)

    def _path(self, name):
        return os.path.join(self.dir, name)

    def _signed(self, name, cn, san, dates=None):
        key, csr, cert = (self._path(name + ext) for ext in ('.key', '.csr', '.pem'))
        _openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr,
                 '-subj', '/CN=' + cn, cwd=self.dir)
        ext = self._path(name + '.ext')
        with open(ext, 'w') as f:
            f.write('subjectAltName=%s\nbasicConstraints=CA:FALSE\n'
                    'extendedKeyUsage=serverAuth,clientAuth\n' % san)
        if dates is None:
            _openssl('x509', '-req', '-in', csr, '-CA', self.ca, '-CAkey', self._path('ca.key'),
                     '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext, cwd=self.dir)
        else:
            # `openssl x509` cannot back-date: a throwaway `openssl ca` can.
            db = self._path('ca-db')
            os.makedirs(db, exist_ok=True)
            open(os.path.join(db, 'index.txt'), 'a').close()
            cnf = self._path(name + '.cnf')
            with open(cnf, 'w') as f:
                f.write('[ca]\ndefault_ca=test\n[test]\ndir=%s\ndatabase=$dir/index.txt\n'
                        'new_certs_dir=$dir\nserial=$dir/serial\ndefault_md=sha256\n'
                        'policy=any\nunique_subject=no\n[any]\ncommonName=supplied\n' % db)
            with open(os.path.join(db, 'serial'), 'w') as f:
                f.write('1000\n')
            _openssl('ca', '-batch', '-config', cnf, '-in', csr, '-out', cert, '-cert', self.ca,
                     '-keyfile', self._path('ca.key'), '-startdate', dates[0], '-enddate', dates[1],
                     '-extfile', ext, '-notext', cwd=self.dir)
        return cert, key


def sha256_fingerprint(cert_path):
    """The certificate's SHA-256 fingerprint as SDP's a=fingerprint writes it."""
    with open(cert_path) as f:
        return sha256_fingerprint_der(ssl.PEM_cert_to_DER_cert(f.read()))


def sha256_fingerprint_der(der):
    """The same for a DER certificate (e.g. a peer's, from getpeercert(binary_form=True))."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))
