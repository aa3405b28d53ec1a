/* sip/governor.c — governance of sofia-sip's SIP stream connections (R-SEC-4), on the
 * sockets: see governor.h for why it works there and core/conn-policy.c for the rules.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/governor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <linux/tcp.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/conn-policy.h"

#define FD_RESERVE 64       /* descriptors kept for the inbox, MSRP and the host */
#define TICK_BUSY_MS 200    /* while connections are open or accepting is paused */
#define TICK_QUIET_MS 5000  /* otherwise (connect-outs are found by this tick too) */
#define SCAN_MIN_GAP_MS 50  /* a flood of accepts is looked at in batches */
#define EVICT_GRACE_MS 1000 /* a new connection's first second: not evicted */
/* How long sofia may take to notice a shut-down connection and free its descriptor. */
#define RELEASE_WAIT_MS 2000
#define SUMMARY_EVERY_MS 60000 /* repeated refusals: one summary line a minute */

typedef struct
{
  int sofia_fd; /* the descriptor number sofia polls: the socket, or the placeholder */
  int real_fd;  /* our duplicate of the listening socket */
  guint16 port;
  int family;
  gboolean paused;
} Listener;

typedef struct
{
  int fd;
  ino_t ino;
  struct sockaddr_storage peer;
  socklen_t peer_len;
  guint64 source;
  gint64 opened_ms;
  guint64 marked_bytes; /* bytes received when the last complete message was handed up */
  gint64 partial_since_ms;
  gboolean closing;
  gint64 closing_since_ms;
  guint seen; /* the scan that last met it */
} Conn;

struct _SipPushSipGovernor
{
  SipPushWatches *watches;
  SipPushSipGovernorLimits limits;
  GArray *foreign_listeners; /* inodes of listening sockets before sofia's */
  GArray *listeners;         /* Listener */
  int placeholder;           /* a listening socket no one connects to */
  GHashTable *conns;         /* fd → Conn* (owned) */
  GHashTable *by_peer;       /* Conn* → itself, by peer address: each message's lookup */
  GHashTable *others;        /* fd → inode of a descriptor that is not a governed connection */
  SipPushWatch *tick;        /* the next look */
  SipPushWatch *listener;    /* the first listener readable: sofia accepts */
  gint64 last_scan_ms;
  guint scans;
  guint open_fds;
  /* "each refusal logged once": the first of each kind is logged with its peer, later
   * ones are counted and summed up at most once a minute. */
  guint counts[SIPPUSH_CONN_N_VERDICTS];
  gboolean logged[SIPPUSH_CONN_N_VERDICTS];
  gint64 summary_ms;
  gboolean paused;
  gboolean pause_logged;
  gboolean trim_pending;
  guint accept_budget; /* connections sofia may accept before the next look */
};

static void schedule (SipPushSipGovernor *self, guint ms);
static void set_watch (SipPushSipGovernor *self, gboolean on);

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* ---- sockets ------------------------------------------------------------------------ */

static gboolean
sock_int (int fd, int level, int name, int *value)
{
  socklen_t len = sizeof *value;
  return getsockopt (fd, level, name, value, &len) == 0;
}

static guint16
sockaddr_port (const struct sockaddr_storage *sa)
{
  if (sa->ss_family == AF_INET)
    return g_ntohs (((const struct sockaddr_in *) sa)->sin_port);
  if (sa->ss_family == AF_INET6)
    return g_ntohs (((const struct sockaddr_in6 *) sa)->sin6_port);
  return 0;
}

/* The peer's address without its port, hashed: the per-source key. */
static guint64
source_key (const struct sockaddr_storage *sa)
{
  const guint8 *p = NULL;
  gsize n = 0;
  if (sa->ss_family == AF_INET)
    p = (const guint8 *) &((const struct sockaddr_in *) sa)->sin_addr, n = 4;
  else if (sa->ss_family == AF_INET6)
    p = (const guint8 *) &((const struct sockaddr_in6 *) sa)->sin6_addr, n = 16;
  guint64 h = 1469598103934665603ull; /* FNV-1a */
  for (gsize i = 0; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static gboolean
same_peer (const Conn *c, const struct sockaddr *peer, socklen_t len)
{
  if (c->peer.ss_family != peer->sa_family)
    return FALSE;
  if (peer->sa_family == AF_INET)
    {
      const struct sockaddr_in *a = (const void *) &c->peer, *b = (const void *) peer;
      return len >= sizeof *b && a->sin_port == b->sin_port
             && a->sin_addr.s_addr == b->sin_addr.s_addr;
    }
  if (peer->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *a = (const void *) &c->peer, *b = (const void *) peer;
      return len >= sizeof *b && a->sin6_port == b->sin6_port
             && memcmp (&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
    }
  return FALSE;
}

/* The peer index: sippush_sip_governor_message_done() runs for every message over TCP, so
 * it finds the connection by address in one lookup, not by walking all of them. */
static guint
peer_hash (gconstpointer key)
{
  const Conn *c = key;
  return (guint) source_key (&c->peer) ^ sockaddr_port (&c->peer);
}

static gboolean
peer_equal (gconstpointer a, gconstpointer b)
{
  const Conn *cb = b;
  return same_peer (a, (const struct sockaddr *) &cb->peer, cb->peer_len);
}

/* Drops @c from the peer index, unless a newer connection from the same address took its
 * place there. */
static void
unindex (SipPushSipGovernor *self, Conn *c)
{
  if (g_hash_table_lookup (self->by_peer, c) == c)
    g_hash_table_remove (self->by_peer, c);
}

static gchar *
peer_text (const Conn *c)
{
  g_autoptr (GSocketAddress) sa
      = g_socket_address_new_from_native ((gpointer) &c->peer, c->peer_len);
  if (!G_IS_INET_SOCKET_ADDRESS (sa))
    return g_strdup ("?");
  g_autofree gchar *ip
      = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sa)));
  return g_strdup_printf (c->peer.ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip,
                          sockaddr_port (&c->peer));
}

typedef struct
{
  gboolean ok;
  gint64 last_active_ms;
  guint64 bytes_received;
  gboolean have_bytes;
} TcpState;

static TcpState
tcp_state (int fd, gint64 now)
{
  struct tcp_info info;
  socklen_t len = sizeof info;
  TcpState s = { FALSE, now, 0, FALSE };
  memset (&info, 0, sizeof info);
  if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
    return s;
  s.ok = TRUE;
  s.last_active_ms = now - MIN (info.tcpi_last_data_recv, info.tcpi_last_data_sent);
  /* Linux 4.1 and later count the bytes received; before that, only the idle time. */
  s.have_bytes = len >= offsetof (struct tcp_info, tcpi_bytes_received) + sizeof (guint64);
  s.bytes_received = info.tcpi_bytes_received;
  return s;
}

/* ---- the descriptor table -------------------------------------------------------------- */

typedef void (*FdVisit) (SipPushSipGovernor *self, int fd, const struct stat *st);

/* Every open descriptor, from /proc/self/fd (or by trying each number up to the limit). */
static guint
for_each_fd (SipPushSipGovernor *self, FdVisit visit)
{
  guint n = 0;
  DIR *dir = opendir ("/proc/self/fd");
  if (dir)
    {
      int own = dirfd (dir);
      struct dirent *e;
      while ((e = readdir (dir)) != NULL)
        {
          gint64 fd;
          struct stat st;
          if (!g_ascii_string_to_signed (e->d_name, 10, 0, G_MAXINT, &fd, NULL) || fd == own)
            continue;
          n++;
          if (fstat ((int) fd, &st) == 0 && S_ISSOCK (st.st_mode))
            visit (self, (int) fd, &st);
        }
      closedir (dir);
      return n;
    }
  struct rlimit rl;
  int max = getrlimit (RLIMIT_NOFILE, &rl) == 0 ? (int) MIN (rl.rlim_cur, 65536) : 1024;
  for (int fd = 0; fd < max; fd++)
    {
      struct stat st;
      if (fstat (fd, &st) != 0)
        continue;
      n++;
      if (S_ISSOCK (st.st_mode))
        visit (self, fd, &st);
    }
  return n;
}

static gboolean
is_stream_listener (int fd)
{
  int type = 0, listening = 0;
  return sock_int (fd, SOL_SOCKET, SO_TYPE, &type) && type == SOCK_STREAM
         && sock_int (fd, SOL_SOCKET, SO_ACCEPTCONN, &listening) && listening;
}

static void
note_foreign (SipPushSipGovernor *self, int fd, const struct stat *st)
{
  if (is_stream_listener (fd))
    g_array_append_val (self->foreign_listeners, st->st_ino);
}

static void
take_listener (SipPushSipGovernor *self, int fd, const struct stat *st)
{
  for (guint i = 0; i < self->foreign_listeners->len; i++)
    if (g_array_index (self->foreign_listeners, ino_t, i) == st->st_ino)
      return;
  struct sockaddr_storage sa;
  socklen_t len = sizeof sa;
  if (!is_stream_listener (fd) || getsockname (fd, (struct sockaddr *) &sa, &len) != 0
      || (sa.ss_family != AF_INET && sa.ss_family != AF_INET6))
    return;
  Listener l = { fd, fcntl (fd, F_DUPFD_CLOEXEC, 0), sockaddr_port (&sa), sa.ss_family, FALSE };
  if (l.real_fd < 0)
    return;
  g_array_append_val (self->listeners, l);
}

static const Listener *
listener_of_port (SipPushSipGovernor *self, guint16 port, int family)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      const Listener *l = &g_array_index (self->listeners, Listener, i);
      if (l->port == port && l->family == family)
        return l;
    }
  return NULL;
}

static gboolean
is_listener_fd (SipPushSipGovernor *self, int fd)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      const Listener *l = &g_array_index (self->listeners, Listener, i);
      if (l->sofia_fd == fd || l->real_fd == fd)
        return TRUE;
    }
  return fd == self->placeholder;
}

/* A socket the scan met: a known connection, a new one on a governed port, or neither. */
static void
visit_socket (SipPushSipGovernor *self, int fd, const struct stat *st)
{
  gpointer key = GINT_TO_POINTER (fd);
  Conn *c = g_hash_table_lookup (self->conns, key);
  if (c && c->ino == st->st_ino)
    {
      c->seen = self->scans;
      return;
    }
  if (c)
    {
      unindex (self, c);
      g_hash_table_remove (self->conns, key); /* closed, and the number reused */
    }
  gpointer other = g_hash_table_lookup (self->others, key);
  if (other && (ino_t) GPOINTER_TO_SIZE (other) == st->st_ino)
    return;
  if (is_listener_fd (self, fd))
    return;

  struct sockaddr_storage local, peer;
  socklen_t llen = sizeof local, plen = sizeof peer;
  int type = 0, listening = 0;
  if (sock_int (fd, SOL_SOCKET, SO_TYPE, &type) && type == SOCK_STREAM
      && sock_int (fd, SOL_SOCKET, SO_ACCEPTCONN, &listening) && !listening
      && getsockname (fd, (struct sockaddr *) &local, &llen) == 0
      && listener_of_port (self, sockaddr_port (&local), local.ss_family)
      && getpeername (fd, (struct sockaddr *) &peer, &plen) == 0)
    {
      c = g_new0 (Conn, 1);
      c->fd = fd;
      c->ino = st->st_ino;
      c->peer = peer;
      c->peer_len = plen;
      c->source = source_key (&peer);
      c->opened_ms = now_ms ();
      c->partial_since_ms = -1;
      c->seen = self->scans;
      g_hash_table_insert (self->conns, key, c);
      g_hash_table_replace (self->by_peer, c, c);
      g_hash_table_remove (self->others, key);
      return;
    }
  g_hash_table_insert (self->others, key, GSIZE_TO_POINTER ((gsize) st->st_ino));
}

/* ---- verdicts ---------------------------------------------------------------------------- */

static void
log_close (SipPushSipGovernor *self, const Conn *c, SipPushConnVerdict verdict)
{
  self->counts[verdict]++;
  if (self->logged[verdict])
    return;
  self->logged[verdict] = TRUE;
  g_autofree gchar *peer = peer_text (c);
  g_message ("SIP connection from %s closed: %s (further ones are counted, not logged)", peer,
             sippush_conn_verdict_describe (verdict));
}

static void
log_summary (SipPushSipGovernor *self, gint64 now)
{
  if (now - self->summary_ms < SUMMARY_EVERY_MS)
    return;
  GString *s = NULL;
  for (guint v = SIPPUSH_CONN_KEEP + 1; v < SIPPUSH_CONN_N_VERDICTS; v++)
    {
      if (self->counts[v] <= 1)
        continue;
      if (s == NULL)
        s = g_string_new ("SIP connections closed since the last summary:");
      g_string_append_printf (s, " %u %s;", self->counts[v], sippush_conn_verdict_describe (v));
    }
  if (s)
    {
      g_message ("%s", s->str);
      g_string_free (s, TRUE);
    }
  memset (self->counts, 0, sizeof self->counts);
  memset (self->logged, 0, sizeof self->logged);
  self->pause_logged = FALSE;
  self->summary_ms = now;
}

static void
close_conn (SipPushSipGovernor *self, Conn *c, SipPushConnVerdict verdict)
{
  log_close (self, c, verdict);
  c->closing = TRUE;
  c->closing_since_ms = now_ms ();
  /* sofia sees the end of the stream on its next read and frees the connection itself. */
  shutdown (c->fd, SHUT_RDWR);
}

/* Pauses or resumes sofia's accepting; @why (NULL: a short pause that is not worth a
 * line) is logged once per summary period. */
static void
set_paused (SipPushSipGovernor *self, gboolean paused, const char *why)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      Listener *l = &g_array_index (self->listeners, Listener, i);
      if (l->paused == paused)
        continue;
      if (dup2 (paused ? self->placeholder : l->real_fd, l->sofia_fd) < 0)
        continue;
      l->paused = paused;
    }
  self->paused = paused;
  if (paused && why && !self->pause_logged)
    {
      g_message ("SIP: accepting paused: %s", why);
      self->pause_logged = TRUE;
    }
}

static gboolean
accept_waiting (SipPushSipGovernor *self)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      struct pollfd p = { g_array_index (self->listeners, Listener, i).real_fd, POLLIN, 0 };
      if (poll (&p, 1, 0) > 0 && (p.revents & POLLIN))
        return TRUE;
    }
  return FALSE;
}

static guint
fd_room (SipPushSipGovernor *self)
{
  struct rlimit rl;
  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return G_MAXUINT;
  guint64 limit = rl.rlim_cur;
  guint64 used = self->open_fds + FD_RESERVE;
  return used >= limit ? 0 : (guint) MIN (limit - used, G_MAXUINT);
}

static void
scan (SipPushSipGovernor *self)
{
  gint64 now = now_ms ();
  self->last_scan_ms = now;
  self->scans++;
  self->open_fds = for_each_fd (self, visit_socket);
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, self->conns);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (((Conn *) value)->seen != self->scans)
      {
        unindex (self, value);
        g_hash_table_iter_remove (&it); /* sofia closed it */
      }

  /* Observe: what each connection did since the last look. */
  guint n = g_hash_table_size (self->conns);
  g_autofree SipPushConnState *states = g_new0 (SipPushConnState, MAX (n, 1));
  g_autofree Conn **conns = g_new0 (Conn *, MAX (n, 1));
  guint k = 0;
  guint releasing = 0;
  g_hash_table_iter_init (&it, self->conns);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      Conn *c = value;
      if (c->closing && now - c->closing_since_ms < RELEASE_WAIT_MS)
        releasing++;
      TcpState t = tcp_state (c->fd, now);
      if (!t.ok || c->closing)
        continue;
      if (t.have_bytes && t.bytes_received > c->marked_bytes && c->partial_since_ms < 0)
        c->partial_since_ms = now;
      conns[k] = c;
      states[k] = (SipPushConnState){
        .source = c->source,
        .opened_ms = c->opened_ms,
        .last_active_ms = t.last_active_ms,
        .partial_since_ms = c->partial_since_ms,
        .buffered = c->partial_since_ms >= 0 ? t.bytes_received - c->marked_bytes : 0,
      };
      k++;
    }

  SipPushConnLimits limits = {
    .max_connections = self->limits.max_connections,
    .max_per_source = self->limits.max_per_source,
    .idle_ms = (gint64) self->limits.idle_timeout_s * 1000,
    .message_ms = (gint64) self->limits.message_timeout_s * 1000,
    .max_buffered = self->limits.max_buffered,
    .max_total = self->limits.max_buffered_total,
    .evict_grace_ms = EVICT_GRACE_MS,
  };
  guint room_fds = fd_room (self);
  /* Connections closed at an earlier look still hold their descriptors until sofia
   * notices: evicting another batch for the same waiting newcomers would close more
   * than they need. */
  gboolean waiting = releasing == 0 && accept_waiting (self);
  guint room = sippush_conn_policy_apply (states, k, &limits, now, room_fds, waiting);
  guint64 released = 0;
  for (guint i = 0; i < k; i++)
    if (states[i].verdict != SIPPUSH_CONN_KEEP)
      {
        close_conn (self, conns[i], states[i].verdict);
        released += states[i].buffered;
      }
  if (released > 0)
    self->trim_pending = TRUE;
  else if (self->trim_pending)
    {
      /* sofia freed the buffers of the connections closed at the last look; give the
       * memory back instead of keeping the high-water mark of a flood. */
      self->trim_pending = FALSE;
#ifdef __GLIBC__
      malloc_trim (0);
#endif
    }
  self->accept_budget = room;
  set_paused (self, self->accept_budget == 0,
              room_fds == 0 ? "descriptors running out (a reserve is kept for the inbox)"
                            : "at the connection cap or the bound on buffered bytes");
  set_watch (self, self->accept_budget > 0);
  log_summary (self, now);
}

/* ---- scheduling ------------------------------------------------------------------------ */

static void
on_tick (GIOCondition revents, gpointer data)
{
  SipPushSipGovernor *self = data;
  scan (self);
  gboolean busy = g_hash_table_size (self->conns) > 0 || self->paused;
  schedule (self, busy ? TICK_BUSY_MS : TICK_QUIET_MS);
}

/* The next look comes at most @ms from now. */
static void
schedule (SipPushSipGovernor *self, guint ms)
{
  gint64 due = sippush_watch_get_due (self->tick);
  gint64 wanted = g_get_monotonic_time () + (gint64) ms * 1000;
  if (due < 0 || due > wanted)
    sippush_watch_set_due (self->tick, wanted);
}

/* A listener is readable: sofia accepts one connection in this loop turn (its source
 * comes first, and tport_accept() takes one per event), so every turn it stays readable
 * spends one of the budget; at zero accepting pauses. Either way a look comes soon after,
 * in batches under a flood. Stopping the watch at the first event instead let sofia take
 * in the whole backlog before the look (400 connects at once, 200 KB each: 51-66 MiB). */
static void
on_listener_readable (GIOCondition revents, gpointer data)
{
  SipPushSipGovernor *self = data;
  gint64 since = now_ms () - self->last_scan_ms;
  schedule (self, since >= SCAN_MIN_GAP_MS ? 0 : (guint) (SCAN_MIN_GAP_MS - since));
  if (self->accept_budget > 0 && --self->accept_budget > 0)
    return;
  set_paused (self, TRUE, NULL); /* until the next look */
  set_watch (self, FALSE);       /* back on after the look, unless accepting pauses */
}

static void
set_watch (SipPushSipGovernor *self, gboolean on)
{
  /* One watch on the first listener is enough to notice connection floods; the tick
   * looks at the others. */
  sippush_watch_set_events (self->listener, on ? G_IO_IN : 0);
}

/* ---- life cycle ------------------------------------------------------------------------- */

SipPushSipGovernor *
sippush_sip_governor_new (SipPushWatches *watches, const SipPushSipGovernorLimits *limits)
{
  SipPushSipGovernor *self = g_new0 (SipPushSipGovernor, 1);
  self->watches = watches;
  self->limits = *limits;
  self->foreign_listeners = g_array_new (FALSE, FALSE, sizeof (ino_t));
  self->listeners = g_array_new (FALSE, FALSE, sizeof (Listener));
  self->placeholder = -1;
  self->conns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->by_peer = g_hash_table_new (peer_hash, peer_equal);
  self->others = g_hash_table_new (NULL, NULL);
  self->summary_ms = now_ms ();
  for_each_fd (self, note_foreign);
  return self;
}

gboolean
sippush_sip_governor_start (SipPushSipGovernor *self)
{
  for_each_fd (self, take_listener);
  if (self->listeners->len == 0)
    {
      g_debug ("SIP: no stream listener to govern");
      return FALSE;
    }
  /* Never readable: an abstract-namespace listener no one is told about. */
  self->placeholder = socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_un autobind = { .sun_family = AF_UNIX };
  if (self->placeholder >= 0
      && (bind (self->placeholder, (struct sockaddr *) &autobind, sizeof (sa_family_t)) != 0
          || listen (self->placeholder, 1) != 0))
    {
      close (self->placeholder);
      self->placeholder = -1;
    }
  if (self->placeholder < 0)
    g_warning ("SIP: cannot make a placeholder socket (%s): accepting cannot be paused",
               g_strerror (errno));
  self->tick = sippush_watches_add_timer (self->watches, on_tick, self);
  self->listener
      = sippush_watches_add_fd (self->watches, g_array_index (self->listeners, Listener, 0).real_fd,
                                0, on_listener_readable, self);
  scan (self);
  schedule (self, TICK_QUIET_MS);
  return TRUE;
}

void
sippush_sip_governor_message_done (SipPushSipGovernor *self, const struct sockaddr *peer,
                                   socklen_t peer_len)
{
  if (peer == NULL || (peer->sa_family != AF_INET && peer->sa_family != AF_INET6)
      || peer_len > sizeof (struct sockaddr_storage))
    return;
  Conn probe = { .peer_len = peer_len };
  memcpy (&probe.peer, peer, peer_len);
  Conn *c = g_hash_table_lookup (self->by_peer, &probe);
  if (c == NULL)
    return;
  TcpState t = tcp_state (c->fd, now_ms ());
  if (t.ok && t.have_bytes)
    c->marked_bytes = t.bytes_received;
  c->partial_since_ms = -1;
}

void
sippush_sip_governor_free (SipPushSipGovernor *self)
{
  sippush_watch_free (self->tick);
  sippush_watch_free (self->listener);
  if (self->placeholder >= 0)
    set_paused (self, FALSE, NULL);
  for (guint i = 0; i < self->listeners->len; i++)
    close (g_array_index (self->listeners, Listener, i).real_fd);
  if (self->placeholder >= 0)
    close (self->placeholder);
  g_hash_table_unref (self->by_peer);
  g_hash_table_unref (self->conns);
  g_hash_table_unref (self->others);
  g_array_unref (self->listeners);
  g_array_unref (self->foreign_listeners);
  g_free (self);
}
