/* sip/tls.c — the receiver's TLS credentials, sofia-sip's certificate directory, and the
 * probe that names why a peer's certificate is refused (R-SEC-3).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/tls.h"

#include <glib/gstdio.h>
#include <string.h>

#include <sippush/sippush.h>

#define PEM_CERTIFICATE "-----BEGIN CERTIFICATE-----"
/* Bounds on what is read as trust anchors: a system bundle is about 200 KiB. */
#define MAX_PEM_FILE (4u << 20)
#define MAX_ANCHORS (32u << 20)
#define PROBE_TIMEOUT_S 10

/* Where distributions keep the system's trust store as one PEM bundle. */
static const char *const system_bundles[] = {
  "/etc/ssl/certs/ca-certificates.crt", /* Debian, Ubuntu, Alpine */
  "/etc/pki/tls/certs/ca-bundle.crt",   /* Fedora, RHEL */
  "/etc/ssl/ca-bundle.pem",             /* openSUSE */
  "/etc/ssl/cert.pem",                  /* BSDs, macOS */
};

struct _SipPushTls
{
  gchar *dir; /* sofia's: agent.pem, cafile.pem */
  GTlsCertificate *certificate;
  GTlsDatabase *database;
  gboolean verify;
};

static gboolean
read_pem (const char *path, const char *what, GString *out, GError **error)
{
  g_autofree gchar *text = NULL;
  gsize len = 0;
  g_autoptr (GError) local = NULL;
  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE, "TLS %s: %s", what,
                   local->message);
      return FALSE;
    }
  if (len > MAX_PEM_FILE || out->len + len > MAX_ANCHORS)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE, "TLS %s %s is too large",
                   what, path);
      return FALSE;
    }
  g_string_append_len (out, text, (gssize) len);
  if (len && text[len - 1] != '\n')
    g_string_append_c (out, '\n');
  return TRUE;
}

/* Every PEM file of a directory that holds a certificate (hashed links included: a
 * duplicate anchor is harmless), in name order. */
static gboolean
read_pem_dir (const char *path, GString *out, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE, "TLS CA directory: %s",
                   local->message);
      return FALSE;
    }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (dir));)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree gchar *file = g_build_filename (path, names->pdata[i], NULL);
      g_autofree gchar *text = NULL;
      gsize len = 0;
      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR)
          || !g_file_get_contents (file, &text, &len, NULL) || len > MAX_PEM_FILE
          || strstr (text, PEM_CERTIFICATE) == NULL)
        continue;
      if (out->len + len > MAX_ANCHORS)
        {
          g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE,
                       "TLS CA directory %s is too large", path);
          return FALSE;
        }
      g_string_append_len (out, text, (gssize) len);
      g_string_append_c (out, '\n');
    }
  return TRUE;
}

/* The anchors as PEM text: @ca (a file or a directory), else the system's bundle. */
static gboolean
read_anchors (const char *ca, GString *out, GError **error)
{
  if (ca)
    return g_file_test (ca, G_FILE_TEST_IS_DIR) ? read_pem_dir (ca, out, error)
                                                : read_pem (ca, "CA file", out, error);
  const char *env = g_getenv ("SSL_CERT_FILE");
  if (env && g_file_test (env, G_FILE_TEST_IS_REGULAR))
    return read_pem (env, "CA file", out, error);
  for (gsize i = 0; i < G_N_ELEMENTS (system_bundles); i++)
    if (g_file_test (system_bundles[i], G_FILE_TEST_IS_REGULAR))
      return read_pem (system_bundles[i], "system CA bundle", out, error);
  env = g_getenv ("SSL_CERT_DIR");
  return read_pem_dir (env ? env : "/etc/ssl/certs", out, error);
}

static gboolean
write_private (const char *dir, const char *name, const GString *text, GError **error)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  return g_file_set_contents_full (path, text->str, (gssize) text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* agent.pem: the key, then the chain as given. cafile.pem: the anchors, then the chain's
 * intermediates — sofia-sip loads only the first certificate of agent.pem, and OpenSSL
 * completes the chain it sends from the verification store. */
static gboolean
write_sofia_dir (SipPushTls *self, const SipPushTlsConfig *config, const GString *anchors,
                 GError **error)
{
  g_autoptr (GString) agent = g_string_new (NULL);
  g_autoptr (GString) cafile = g_string_new (anchors->str);
  if (config->certificate)
    {
      if ((config->key && !read_pem (config->key, "key", agent, error))
          || !read_pem (config->certificate, "certificate", agent, error))
        return FALSE;
      for (GTlsCertificate *c = g_tls_certificate_get_issuer (self->certificate); c;
           c = g_tls_certificate_get_issuer (c))
        {
          g_autofree gchar *pem = NULL;
          g_object_get (c, "certificate-pem", &pem, NULL);
          if (pem)
            g_string_append (cafile, pem);
        }
    }
  self->dir = g_dir_make_tmp ("sippush-tls-XXXXXX", error); /* mode 0700 */
  return self->dir && write_private (self->dir, "agent.pem", agent, error)
         && write_private (self->dir, "cafile.pem", cafile, error);
}

static gboolean
load_database (SipPushTls *self, const SipPushTlsConfig *config, const GString *anchors,
               GError **error)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  if (!g_tls_backend_supports_tls (backend))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE,
                   "TLS is not available to GIO: install glib-networking");
      return FALSE;
    }
  if (config->ca == NULL)
    {
      self->database = g_tls_backend_get_default_database (backend);
      return TRUE;
    }
  /* GTlsFileDatabase reads a file: the anchors alone, never our intermediates. */
  g_autofree gchar *path = g_build_filename (self->dir, "anchors.pem", NULL);
  g_autoptr (GError) local = NULL;
  if (!write_private (self->dir, "anchors.pem", anchors, error))
    return FALSE;
  /* glib-networking reads it again when a handshake needs it: it stays until the end. */
  self->database = g_tls_file_database_new (path, &local);
  if (self->database == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE, "TLS CA %s: %s", config->ca,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

SipPushTls *
sippush_tls_new (const SipPushTlsConfig *config, GError **error)
{
  g_autoptr (GError) local = NULL;
  SipPushTls *self = g_new0 (SipPushTls, 1);
  self->verify = config->verify;
  if (config->certificate)
    {
      self->certificate = g_tls_certificate_new_from_files (
          config->certificate, config->key ? config->key : config->certificate, &local);
      if (self->certificate == NULL)
        {
          g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE,
                       "TLS certificate %s (key %s): %s", config->certificate,
                       config->key ? config->key : "in the same file", local->message);
          sippush_tls_free (self);
          return NULL;
        }
    }
  g_autoptr (GString) anchors = g_string_new (NULL);
  if (!read_anchors (config->ca, anchors, config->verify ? error : NULL) && config->verify)
    {
      sippush_tls_free (self);
      return NULL;
    }
  if (config->verify && strstr (anchors->str, PEM_CERTIFICATE) == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE,
                   "TLS: no CA certificate in %s", config->ca ? config->ca : "the system store");
      sippush_tls_free (self);
      return NULL;
    }
  if (!write_sofia_dir (self, config, anchors, error)
      || !load_database (self, config, anchors, error))
    {
      sippush_tls_free (self);
      return NULL;
    }
  return self;
}

const char *
sippush_tls_get_sofia_dir (SipPushTls *self)
{
  return self->dir;
}

static void
remove_files (SipPushTls *self, gboolean anchors_too)
{
  if (self->dir == NULL)
    return;
  static const char *const files[] = { "agent.pem", "cafile.pem", "anchors.pem" };
  for (gsize i = 0; i < G_N_ELEMENTS (files) - !anchors_too; i++)
    {
      g_autofree gchar *path = g_build_filename (self->dir, files[i], NULL);
      g_unlink (path);
    }
}

void
sippush_tls_forget_sofia_files (SipPushTls *self)
{
  remove_files (self, FALSE);
}

GTlsCertificate *
sippush_tls_get_certificate (SipPushTls *self)
{
  return self->certificate;
}

GTlsDatabase *
sippush_tls_get_database (SipPushTls *self)
{
  return self->database;
}

gboolean
sippush_tls_get_verify (SipPushTls *self)
{
  return self->verify;
}

void
sippush_tls_free (SipPushTls *self)
{
  if (self == NULL)
    return;
  remove_files (self, TRUE);
  if (self->dir)
    g_rmdir (self->dir);
  g_free (self->dir);
  g_clear_object (&self->certificate);
  g_clear_object (&self->database);
  g_free (self);
}

/* ---- the probe ----------------------------------------------------------------------- */

typedef struct
{
  gchar *host;
  guint16 port;
  GTlsCertificateFlags errors;
  GIOStream *tls;
} Probe;

static void
probe_free (Probe *p)
{
  g_free (p->host);
  /* Closed, not only dropped: glib-networking's thread for the connection ends here,
   * not at some later finalization. */
  if (p->tls)
    g_io_stream_close (p->tls, NULL, NULL);
  g_clear_object (&p->tls);
  g_free (p);
}

gchar *
sippush_tls_describe_errors (GTlsCertificateFlags errors, const char *name)
{
  static const struct
  {
    GTlsCertificateFlags flag;
    const char *text;
  } texts[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "not signed by a trusted authority" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "not issued for %s" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not valid yet" },
    { G_TLS_CERTIFICATE_EXPIRED, "expired" },
    { G_TLS_CERTIFICATE_REVOKED, "revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "insecure" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "invalid" },
  };
  g_autoptr (GString) s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    if (errors & texts[i].flag)
      {
        if (s->len)
          g_string_append (s, ", ");
        if (texts[i].flag == G_TLS_CERTIFICATE_BAD_IDENTITY)
          g_string_append_printf (s, "not issued for %s", name);
        else
          g_string_append (s, texts[i].text);
      }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
accept_certificate (GTlsConnection *conn, GTlsCertificate *peer, GTlsCertificateFlags errors,
                    gpointer data)
{
  Probe *p = data;
  p->errors = errors;
  return FALSE;
}

/* sofia-sip compares the name it connected to with the certificate's DNS names, or with
 * its common name when it has no subjectAltName at all (an IP address entry does not
 * count). */
static gboolean
sofia_name_matches (GTlsCertificate *peer, const char *host)
{
  g_autoptr (GPtrArray) dns = g_tls_certificate_get_dns_names (peer);
  g_autoptr (GPtrArray) ips = g_tls_certificate_get_ip_addresses (peer);
  if ((dns == NULL || dns->len == 0) && (ips == NULL || ips->len == 0))
    return TRUE; /* the common name: GIO has checked it */
  for (guint i = 0; dns && i < dns->len; i++)
    {
      gsize len = 0;
      const char *name = g_bytes_get_data (dns->pdata[i], &len);
      if (len == strlen (host) && g_ascii_strncasecmp (name, host, len) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
handshaken (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Probe *p = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (p->errors)
        {
          g_autofree gchar *why = sippush_tls_describe_errors (p->errors, p->host);
          g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                   "TLS certificate of %s:%u %s", p->host, p->port, why);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source));
  if (peer && !sofia_name_matches (peer, p->host))
    {
      g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                               "TLS certificate of %s:%u does not name %s as a DNS "
                               "subjectAltName (sofia-sip checks no other)",
                               p->host, p->port, p->host);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Probe *p = g_task_get_task_data (task);
  SipPushTls *self = g_object_get_data (G_OBJECT (task), "tls");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) tcp
      = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (tcp == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_autoptr (GSocketConnectable) identity = g_network_address_new (p->host, p->port);
  p->tls = g_tls_client_connection_new (G_IO_STREAM (tcp), identity, &error);
  if (p->tls == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_tls_connection_set_database (G_TLS_CONNECTION (p->tls), self->database);
  if (self->certificate)
    g_tls_connection_set_certificate (G_TLS_CONNECTION (p->tls), self->certificate);
  g_signal_connect (p->tls, "accept-certificate", G_CALLBACK (accept_certificate), p);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (p->tls), G_PRIORITY_DEFAULT, cancellable,
                                    handshaken, g_steal_pointer (&task));
}

void
sippush_tls_probe_async (SipPushTls *self, const char *host, guint16 port,
                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, data);
  g_task_set_source_tag (task, sippush_tls_probe_async);
  if (!self->verify)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  Probe *p = g_new0 (Probe, 1);
  p->host = g_strdup (host);
  p->port = port;
  g_task_set_task_data (task, p, (GDestroyNotify) probe_free);
  /* The task never outlives the credentials: their owner cancels it first. */
  g_object_set_data (G_OBJECT (task), "tls", self);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_socket_client_set_timeout (client, PROBE_TIMEOUT_S);
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, host, port, cancellable, connected, task);
}

gboolean
sippush_tls_probe_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
