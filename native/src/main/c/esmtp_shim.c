/*
 * esmtp4j shim for libESMTP 1.1.0: what JNA cannot do portably.
 *
 * 1. libESMTP's event callback is variadic (smtp_eventcb_t). A JNA callback cannot be a
 *    variadic callee, so this file registers a C trampoline that reads each event's
 *    arguments with va_arg, using the types libESMTP passes (spec §2), and calls one
 *    fixed-signature function pointer supplied from Java.
 * 2. smtp_set_header and smtp_set_header_option are variadic functions whose argument types
 *    depend on the header (a time_t pointer for Date). Fixed-signature wrappers pass the
 *    exact C types, so nothing variadic crosses JNA.
 * 3. TLS: a fresh OpenSSL client context for every start (spec §6.4: libESMTP 1.1.0 caches and
 *    frees its own, which crashes the second STARTTLS session of a process, issue #30), and the
 *    few OpenSSL reads the TLS events need (protocol, verify reason, certificate names).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <libesmtp.h>

#define SHIM_ABI_VERSION 3

/* Java's event function. index is the message's (MAILSTATUS, MESSAGEDATA, MESSAGESENT) or the
   recipient's (RCPTSTATUS) ordinal given to shim_add_message / shim_add_recipient, else -1. For
   MAILSTATUS, RCPTSTATUS and MESSAGESENT p1 is the smtp_status_t to report; for MESSAGESENT n1
   carries SHIM_SENT_LAST_READ_LF and SHIM_SENT_CONTENT_DONE. */
typedef void (*shim_event_fn) (int event_no, int index, void *p1, void *p2, long long n1, int *flag);
/* Java's monitor: only called when the application traces. */
typedef void (*shim_monitor_fn) (const char *buf, int buflen, int writing);
/* Java's content function: puts the message's next chunk into the run's chunk buffer (the
   first one after reopening the content when rewind is 1) and returns its length, ORed with
   SHIM_FILL_LAST when the content ends after it; 0 alone means "nothing now, ask again";
   SHIM_FILL_LAST alone is the end; SHIM_FILL_ABORT or SHIM_FILL_NOTHING otherwise. */
typedef int (*shim_fill_fn) (int index, int rewind);

#define SHIM_FILL_LAST 0x40000000
#define SHIM_FILL_ABORT (-1)		/* fail the read: libESMTP drops the connection, no dot */
#define SHIM_FILL_NOTHING (-2)		/* no content open: reads return 0 and the end is not reached */
#define SHIM_SENT_LAST_READ_LF 1
#define SHIM_SENT_CONTENT_DONE 2

enum shim_read_state
{ READ_NEED_FILL, READ_HAVE_CHUNK, READ_AT_END, READ_ABORT, READ_NOTHING };

/* One message's reader. */
struct shim_content
{
  struct shim_run *run;
  int index;
  int chunk_length;		/* bytes of run->chunk not yet returned (READ_HAVE_CHUNK) */
  unsigned char state;
  unsigned char last;		/* the content ends after the chunk being held */
  unsigned char done;		/* the end was returned: libESMTP writes the end of data next */
};

/* One start: libESMTP's callbacks for the session and its messages, served in C; Java is
   called for events, for content chunks (once per message when it fits in one chunk) and for
   the trace only when the application has a monitor. */
struct shim_run
{
  shim_event_fn event_fn;
  int defer_status_events;	/* log MAILSTATUS, RCPTSTATUS and MESSAGESENT for shim_log_take */
  char *log;
  size_t log_used, log_size;
  shim_monitor_fn monitor_fn;
  shim_fill_fn fill_fn;
  int want_message_data;
  int last_read_lf;		/* the last bytes read from the server ended with LF */
  int failed;			/* Java remembered an exception: every read now aborts */
  int messages;
  char *chunk;
  struct shim_content *contents;
};

int
shim_abi_version (void)
{
  return SHIM_ABI_VERSION;
}

static int
shim_message_index (smtp_message_t message)
{
  struct shim_content *c = smtp_message_get_application_data (message);

  return c != NULL ? c->index : -1;
}

/* One logged event, followed by text_length bytes of the status text and padding to 8 bytes.
   The status is copied when the event is raised: libESMTP may reset it before Java reads it. */
struct shim_log_entry
{
  int event_no;
  int index;
  int code;
  int enhanced[3];
  long long n1;
  int text_length;		/* -1: no text */
  int reserved;
};

static void
shim_log (struct shim_run *run, int event_no, int index, const smtp_status_t *status, long long n1)
{
  struct shim_log_entry e;
  size_t text_length = status != NULL && status->text != NULL ? strlen (status->text) : 0;
  size_t need = sizeof e + ((text_length + 7) & ~(size_t) 7);

  if (run->log_used + need > run->log_size)
    {
      size_t size = run->log_size > 0 ? run->log_size : 64 * 1024;
      char *bigger;

      while (size < run->log_used + need)
        size *= 2;
      bigger = realloc (run->log, size);
      if (bigger == NULL)
        {
          /* No room to defer it: deliver it now, with everything logged before it first. */
          run->event_fn (event_no, index, (void *) status, NULL, n1, NULL);
          return;
        }
      run->log = bigger;
      run->log_size = size;
    }
  memset (&e, 0, sizeof e);
  e.event_no = event_no;
  e.index = index;
  e.n1 = n1;
  e.text_length = -1;
  if (status != NULL)
    {
      e.code = status->code;
      e.enhanced[0] = status->enh_class;
      e.enhanced[1] = status->enh_subject;
      e.enhanced[2] = status->enh_detail;
      if (status->text != NULL)
        e.text_length = (int) text_length;
    }
  memcpy (run->log + run->log_used, &e, sizeof e);
  if (text_length > 0)
    memcpy (run->log + run->log_used + sizeof e, status->text, text_length);
  run->log_used += need;
}

/* The logged events for Java: copies up to size bytes of whole entries into buf, removes them
   from the log and returns the bytes copied: 0 when the log is empty, minus the size of the
   first entry when even that does not fit. */
int
shim_log_take (void *p, char *buf, int size)
{
  struct shim_run *run = p;
  size_t n = 0;

  while (n < run->log_used)
    {
      struct shim_log_entry e;
      size_t entry;

      memcpy (&e, run->log + n, sizeof e);
      entry = sizeof e + (((size_t) (e.text_length > 0 ? e.text_length : 0) + 7) & ~(size_t) 7);
      if (n + entry > (size_t) size)
        break;
      n += entry;
    }
  if (n == 0 && run->log_used > 0)
    {
      struct shim_log_entry e;

      memcpy (&e, run->log, sizeof e);
      return -(int) (sizeof e + (((size_t) (e.text_length > 0 ? e.text_length : 0) + 7) & ~(size_t) 7));
    }
  if (n == 0)
    return 0;
  memcpy (buf, run->log, n);
  memmove (run->log, run->log + n, run->log_used - n);
  run->log_used -= n;
  return (int) n;
}

static void
shim_trampoline (smtp_session_t session, int event_no, void *arg, ...)
{
  struct shim_run *run = arg;
  va_list ap;
  void *p1 = NULL, *p2 = NULL;
  long long n1 = 0;
  int *flag = NULL;
  int index = -1;

  (void) session;
  va_start (ap, arg);
  switch (event_no)
    {
    case SMTP_EV_MAILSTATUS:
      {
        smtp_message_t message;

        (void) va_arg (ap, char *);	/* mailbox */
        message = va_arg (ap, smtp_message_t);
        index = shim_message_index (message);
        p1 = (void *) smtp_reverse_path_status (message);
      }
      break;
    case SMTP_EV_RCPTSTATUS:
      {
        smtp_recipient_t recipient;

        (void) va_arg (ap, char *);	/* mailbox */
        recipient = va_arg (ap, smtp_recipient_t);
        index = (int) (intptr_t) smtp_recipient_get_application_data (recipient) - 1;
        p1 = (void *) smtp_recipient_status (recipient);
      }
      break;
    case SMTP_EV_MESSAGEDATA:
      if (!run->want_message_data)
        {
          va_end (ap);
          return;
        }
      index = shim_message_index (va_arg (ap, smtp_message_t));
      n1 = va_arg (ap, int);		/* len */
      break;
    case SMTP_EV_MESSAGESENT:
      {
        smtp_message_t message = va_arg (ap, smtp_message_t);
        struct shim_content *c = smtp_message_get_application_data (message);

        index = c != NULL ? c->index : -1;
        p1 = (void *) smtp_message_transfer_status (message);
        n1 = (run->last_read_lf ? SHIM_SENT_LAST_READ_LF : 0)
             | (c != NULL && c->done ? SHIM_SENT_CONTENT_DONE : 0);
      }
      break;
    case SMTP_EV_SYNTAXWARNING:
    case SMTP_EV_EXTNA_DSN:
    case SMTP_EV_EXTNA_ETRN:
    case SMTP_EV_EXTNA_CHUNKING:
    case SMTP_EV_NO_PEER_CERTIFICATE:
    case SMTP_EV_NO_CLIENT_CERTIFICATE:
      flag = va_arg (ap, int *);
      break;
    case SMTP_EV_DELIVERBY_EXPIRED:
      n1 = va_arg (ap, long);		/* shortfall */
      flag = va_arg (ap, int *);	/* adjust */
      break;
    case SMTP_EV_WEAK_CIPHER:
      n1 = va_arg (ap, int);		/* bits */
      flag = va_arg (ap, int *);
      break;
    case SMTP_EV_STARTTLS_OK:
      p1 = va_arg (ap, void *);		/* SSL * */
      p2 = va_arg (ap, char *);		/* cipher name */
      n1 = va_arg (ap, int);		/* bits */
      {
        /* Right after this event rsp_starttls calls X509_free on SSL_get_certificate(), which
           does not take a reference (spec §8.3 #5): with a client certificate that frees the
           certificate the SSL and our context still use. Take the reference it gives back. */
        X509 *own = SSL_get_certificate ((SSL *) p1);

        if (own != NULL)
          X509_up_ref (own);
      }
      break;
    case SMTP_EV_INVALID_PEER_CERTIFICATE:
      n1 = va_arg (ap, long);		/* verify result */
      flag = va_arg (ap, int *);
      p1 = va_arg (ap, void *);		/* SSL * */
      break;
    case SMTP_EV_WRONG_PEER_CERTIFICATE:
      flag = va_arg (ap, int *);
      p1 = va_arg (ap, char *);		/* name in certificate */
      p2 = va_arg (ap, void *);		/* SSL * */
      break;
    case SMTP_EV_ETRNSTATUS:
      n1 = va_arg (ap, int);		/* option */
      p1 = va_arg (ap, char *);		/* domain */
      break;
    default:
      /* CONNECT, DISCONNECT, EXTNA_8BITMIME, EXTNA_BINARYMIME: no arguments.
         EXTNA_STARTTLS, UNUSABLE_*: one NULL pointer, not needed. */
      break;
    }
  va_end (ap);
  if (run->defer_status_events
      && (event_no == SMTP_EV_MAILSTATUS || event_no == SMTP_EV_RCPTSTATUS || event_no == SMTP_EV_MESSAGESENT))
    shim_log (run, event_no, index, p1, n1);
  else
    run->event_fn (event_no, index, p1, p2, n1, flag);
}

/* libESMTP's monitor, always installed: it records whether the last read ended with LF, which
   tells a complete final reply from one cut short (libESMTP re-attaches the monitor before it
   reads the reply to the end of data), and passes the trace on when Java wants it. */
static void
shim_monitor (const char *buf, int buflen, int writing, void *arg)
{
  struct shim_run *run = arg;

  if (buflen <= 0)
    return;
  if (writing == SMTP_CB_READING)
    run->last_read_lf = buf[buflen - 1] == '\n';
  if (run->monitor_fn != NULL)
    run->monitor_fn (buf, buflen, writing);
}

static void
shim_take_fill (struct shim_content *c, int r)
{
  if (r == SHIM_FILL_ABORT)
    c->state = READ_ABORT;
  else if (r < 0)
    c->state = READ_NOTHING;
  else
    {
      c->chunk_length = r & ~SHIM_FILL_LAST;
      c->last = (r & SHIM_FILL_LAST) != 0;
      if (c->chunk_length > 0)
        c->state = READ_HAVE_CHUNK;
      else
        c->state = c->last ? READ_AT_END : READ_NEED_FILL;
    }
}

/* smtp_messagecb_t for every message of a run (spec §4.1). Chunks come from Java through the
   run's chunk buffer, which stays valid until the next call; the end is returned from C, as
   often as libESMTP asks. *ctx is never used: libESMTP would free() it. */
static const char *
shim_read (void **ctx, int *len, void *arg)
{
  struct shim_content *c = arg;
  struct shim_run *run = c->run;

  (void) ctx;
  if (len == NULL)
    {
      c->done = 0;
      shim_take_fill (c, run->fill_fn (c->index, 1));
      return NULL;
    }
  if (run->failed)
    c->state = READ_ABORT;
  if (c->state == READ_NEED_FILL)
    shim_take_fill (c, run->fill_fn (c->index, 0));
  if (run->failed)
    c->state = READ_ABORT;
  switch (c->state)
    {
    case READ_HAVE_CHUNK:
      *len = c->chunk_length;
      c->state = c->last ? READ_AT_END : READ_NEED_FILL;
      return run->chunk;
    case READ_AT_END:
      c->done = 1;
      *len = 0;
      return NULL;
    case READ_ABORT:
      /* libESMTP reads errno after an empty read (spec §4.1): the transfer fails, no dot. */
      errno = EIO;
      *len = 0;
      return NULL;
    default:
      *len = 0;
      return NULL;
    }
}

/* Starts a run for the session: its event callback and monitor (with SMTP_CB_HEADERS when
   monitor_headers) are the shim's, and a chunk buffer of chunk_size bytes for the messages'
   content. monitor_fn may be NULL. With defer_status_events, MAILSTATUS, RCPTSTATUS and
   MESSAGESENT are logged for shim_log_take instead of calling event_fn: Java takes them before
   anything else reaches it and after smtp_start_session, so their order is kept. Returns the
   run to free with shim_run_free after smtp_destroy_session, or NULL on failure. */
void *
shim_run_new (smtp_session_t session, int messages, int chunk_size, shim_event_fn event_fn,
              int defer_status_events, int want_message_data, shim_fill_fn fill_fn,
              shim_monitor_fn monitor_fn, int monitor_headers)
{
  struct shim_run *run = calloc (1, sizeof *run);

  if (run == NULL)
    return NULL;
  run->event_fn = event_fn;
  run->defer_status_events = defer_status_events;
  run->monitor_fn = monitor_fn;
  run->fill_fn = fill_fn;
  run->want_message_data = want_message_data;
  run->last_read_lf = 1;
  run->messages = messages;
  run->chunk = malloc (chunk_size > 0 ? (size_t) chunk_size : 1);
  run->contents = calloc (messages > 0 ? (size_t) messages : 1, sizeof *run->contents);
  if (run->chunk == NULL || run->contents == NULL
      || !smtp_set_eventcb (session, shim_trampoline, run)
      || !smtp_set_monitorcb (session, shim_monitor, run, monitor_headers))
    {
      free (run->chunk);
      free (run->contents);
      free (run);
      return NULL;
    }
  return run;
}

/* The buffer Java writes chunks into. */
void *
shim_run_chunk (void *p)
{
  return ((struct shim_run *) p)->chunk;
}

/* Java remembered an exception: every later read fails, so the data is never ended. */
void
shim_run_fail (void *p)
{
  ((struct shim_run *) p)->failed = 1;
}

/* Copies each message's "the end of its content was returned" flag into done[0..count). */
void
shim_run_done (void *p, char *done, int count)
{
  struct shim_run *run = p;
  int i;

  for (i = 0; i < count && i < run->messages; i++)
    done[i] = (char) run->contents[i].done;
}

void
shim_run_free (void *p)
{
  struct shim_run *run = p;

  if (run == NULL)
    return;
  free (run->chunk);
  free (run->contents);
  free (run->log);
  free (run);
}

/* smtp_add_message with the reverse path (when not NULL) and the run's reader for message
   index. Returns the message, or NULL with smtp_errno() set. */
smtp_message_t
shim_add_message (void *p, smtp_session_t session, int index, const char *reverse_path)
{
  struct shim_run *run = p;
  struct shim_content *c;
  smtp_message_t message;

  if (index < 0 || index >= run->messages)
    return NULL;
  message = smtp_add_message (session);
  if (message == NULL)
    return NULL;
  c = &run->contents[index];
  c->run = run;
  c->index = index;
  c->state = READ_NOTHING;
  smtp_message_set_application_data_release (message, c, NULL);
  if ((reverse_path != NULL && !smtp_set_reverse_path (message, reverse_path))
      || !smtp_set_messagecb (message, shim_read, c))
    return NULL;
  return message;
}

/* smtp_add_recipient, remembering the recipient's ordinal for its RCPTSTATUS event. */
smtp_recipient_t
shim_add_recipient (smtp_message_t message, int ordinal, const char *mailbox)
{
  smtp_recipient_t recipient = smtp_add_recipient (message, mailbox);

  if (recipient != NULL)
    smtp_recipient_set_application_data_release (recipient, (void *) (intptr_t) (ordinal + 1), NULL);
  return recipient;
}

int
shim_set_header_text (smtp_message_t message, const char *name, const char *text)
{
  return smtp_set_header (message, name, text);
}

int
shim_set_header_mailbox (smtp_message_t message, const char *name,
                         const char *phrase, const char *mailbox)
{
  return smtp_set_header (message, name, phrase, mailbox);
}

int
shim_set_header_date (smtp_message_t message, long long when)
{
  time_t t = (time_t) when;		/* libESMTP copies *when (headers.c set_date) */

  return smtp_set_header (message, "Date", &t);
}

int
shim_set_header_option (smtp_message_t message, const char *name, int option, int value)
{
  return smtp_set_header_option (message, name, (enum header_option) option, value);
}

/* ---- TLS ---- */

/* One start's client context and the identity the server certificate must show. */
struct shim_tls
{
  SSL_CTX *ctx;
  char reference[256];		/* DNS name or IP literal; "" for none */
  int reference_is_ip;
};

static void
shim_say (char *reason, int reason_len, const char *text)
{
  if (reason != NULL && reason_len > 0)
    snprintf (reason, (size_t) reason_len, "%s", text);
}

static void
shim_reason (char *reason, int reason_len, const char *step, const char *file)
{
  char err[200];
  unsigned long e = ERR_peek_last_error ();

  if (reason == NULL || reason_len <= 0)
    return;
  if (e != 0)
    ERR_error_string_n (e, err, sizeof err);
  else
    strcpy (err, "no OpenSSL error");
  snprintf (reason, (size_t) reason_len, "%s%s%s: %s", step,
            file != NULL ? " " : "", file != NULL ? file : "", err);
}

/* Host-specific client keys ($CONFIG/private/<host>.pem) are loaded by libESMTP with the
   context's password callback: never let OpenSSL fall back to prompting on the terminal. */
static int
shim_no_password (char *buf, int size, int rwflag, void *u)
{
  (void) buf; (void) size; (void) rwflag; (void) u;
  return 0;
}

/* Sends the reference name as SNI (RFC 6066 §3; libESMTP 1.1.0 sends none). Called by OpenSSL
   before it builds the ClientHello, for the SSL that libESMTP creates from our context. */
static void
shim_info (const SSL *ssl, int where, int ret)
{
  struct shim_tls *tls;

  (void) ret;
  if (!(where & SSL_CB_HANDSHAKE_START))
    return;
  tls = SSL_CTX_get_app_data (SSL_get_SSL_CTX (ssl));
  if (tls != NULL && tls->reference[0] != '\0' && !tls->reference_is_ip
      && SSL_get_servername ((SSL *) ssl, TLSEXT_NAMETYPE_host_name) == NULL)
    SSL_set_tlsext_host_name ((SSL *) ssl, tls->reference);
}

/* Builds a client context: TLS 1.2 (see below why not 1.3); the CA file, else the system's default paths;
   the client certificate chain and key, the key's password asked through password_cb; and
   the reference identity, so that OpenSSL's verify result (which libESMTP checks after the
   handshake and reports as SMTP_EV_INVALID_PEER_CERTIFICATE) covers the configured name with
   RFC 6125 rules (no partial wildcards) instead of libESMTP's DNS-canonical name. No
   SSL_VERIFY_PEER: the handshake completes and libESMTP's checks and events decide.
   Returns the state to free with shim_tls_free, or NULL with the reason in reason[]. */
void *
shim_tls_new (const char *ca_file, const char *cert_file, const char *key_file,
              pem_password_cb *password_cb, const char *reference,
              char *reason, int reason_len)
{
  struct shim_tls *tls;
  X509_VERIFY_PARAM *param;

  ERR_clear_error ();
  if (reference != NULL && strlen (reference) >= sizeof tls->reference)
    {
      shim_say (reason, reason_len, "the reference name is too long");
      return NULL;
    }
  tls = calloc (1, sizeof *tls);
  if (tls == NULL)
    {
      shim_say (reason, reason_len, "out of memory");
      return NULL;
    }
  tls->ctx = SSL_CTX_new (TLS_client_method ());
  if (tls->ctx == NULL)
    {
      shim_reason (reason, reason_len, "SSL_CTX_new", NULL);
      goto fail;
    }
  /* TLS 1.2 exactly. A TLS 1.3 server sends NewSessionTicket records after the handshake, and
     libESMTP 1.1.0's protocol loop (protocol.c do_session) handles a readable socket before it
     flushes: when the tickets arrive before the EHLO that follows STARTTLS is flushed, it waits
     for the reply to an EHLO still in its buffer until the timeout, then QUITs (seen in most
     attempts on loopback against OpenSSL and JSSE servers). TLS 1.2 has no post-handshake
     records. */
  if (!SSL_CTX_set_min_proto_version (tls->ctx, TLS1_2_VERSION)
      || !SSL_CTX_set_max_proto_version (tls->ctx, TLS1_2_VERSION))
    {
      shim_reason (reason, reason_len, "cannot select TLS 1.2", NULL);
      goto fail;
    }
  if (ca_file != NULL)
    {
      if (!SSL_CTX_load_verify_locations (tls->ctx, ca_file, NULL))
        {
          shim_reason (reason, reason_len, "cannot load the trusted certificates", ca_file);
          goto fail;
        }
    }
  else if (!SSL_CTX_set_default_verify_paths (tls->ctx))
    {
      shim_reason (reason, reason_len, "cannot load the system's trusted certificates", NULL);
      goto fail;
    }
  if (cert_file != NULL)
    {
      if (!SSL_CTX_use_certificate_chain_file (tls->ctx, cert_file))
        {
          shim_reason (reason, reason_len, "cannot load the client certificate chain", cert_file);
          goto fail;
        }
      SSL_CTX_set_default_passwd_cb (tls->ctx, password_cb != NULL ? password_cb : shim_no_password);
      if (!SSL_CTX_use_PrivateKey_file (tls->ctx, key_file, SSL_FILETYPE_PEM))
        {
          shim_reason (reason, reason_len, "cannot load the client key (wrong password?)", key_file);
          goto fail;
        }
      if (!SSL_CTX_check_private_key (tls->ctx))
        {
          shim_reason (reason, reason_len, "the client key does not match the certificate", key_file);
          goto fail;
        }
    }
  SSL_CTX_set_default_passwd_cb (tls->ctx, shim_no_password);
  SSL_CTX_set_default_passwd_cb_userdata (tls->ctx, NULL);
  if (reference != NULL && reference[0] != '\0')
    {
      param = SSL_CTX_get0_param (tls->ctx);
      strcpy (tls->reference, reference);
      if (X509_VERIFY_PARAM_set1_ip_asc (param, reference))
        tls->reference_is_ip = 1;
      else
        {
          X509_VERIFY_PARAM_set_hostflags (param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
          if (!X509_VERIFY_PARAM_set1_host (param, reference, 0))
            {
              shim_reason (reason, reason_len, "cannot set the reference name", reference);
              goto fail;
            }
        }
    }
  SSL_CTX_set_app_data (tls->ctx, tls);
  SSL_CTX_set_info_callback (tls->ctx, shim_info);
  ERR_clear_error ();
  return tls;

fail:
  SSL_CTX_free (tls->ctx);
  free (tls);
  ERR_clear_error ();
  return NULL;
}

/* The context to pass to smtp_starttls_set_ctx (which takes its own reference). */
SSL_CTX *
shim_tls_ctx (void *tls)
{
  return ((struct shim_tls *) tls)->ctx;
}

/* Drops our reference: call after smtp_destroy_session, which drops libESMTP's, so that ours
   is the last and the state the context points to goes with it. */
void
shim_tls_free (void *p)
{
  struct shim_tls *tls = p;

  if (tls == NULL)
    return;
  SSL_CTX_set_app_data (tls->ctx, NULL);
  SSL_CTX_free (tls->ctx);
  free (tls);
}

/* The negotiated protocol, e.g. "TLSv1.3". */
const char *
shim_tls_version (void *ssl)
{
  return SSL_get_version ((SSL *) ssl);
}

/* OpenSSL's text for an X509_V_ERR_* verify result. */
const char *
shim_tls_verify_reason (long verify_result)
{
  return X509_verify_cert_error_string (verify_result);
}

/* 1 when the server certificate matches the reference identity (RFC 6125: SAN DNS names, else
   the subject CN; IP SANs for an IP literal; '*' only as a whole left-most label), 0 when it
   does not, -1 when there is no certificate or no reference. */
int
shim_tls_name_matches (void *ssl)
{
  struct shim_tls *tls = SSL_CTX_get_app_data (SSL_get_SSL_CTX ((SSL *) ssl));
  X509 *cert = SSL_get0_peer_certificate ((SSL *) ssl);
  int r;

  if (tls == NULL || cert == NULL || tls->reference[0] == '\0')
    return -1;
  if (tls->reference_is_ip)
    r = X509_check_ip_asc (cert, tls->reference, 0);
  else
    r = X509_check_host (cert, tls->reference, 0, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL);
  ERR_clear_error ();
  return r == 1 ? 1 : 0;
}

/* Copies the name libESMTP would report for a mismatch into buf: the last DNS subjectAltName,
   or the last subject CN when there is none (spec §6.2). Returns its length, or 0. */
int
shim_tls_peer_name (void *ssl, char *buf, int len)
{
  X509 *cert = SSL_get0_peer_certificate ((SSL *) ssl);
  STACK_OF (GENERAL_NAME) *names;
  X509_NAME *subject;
  int i, idx = -1;

  if (buf == NULL || len <= 0)
    return 0;
  buf[0] = '\0';
  if (cert == NULL)
    return 0;
  names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  if (names != NULL)
    {
      for (i = 0; i < sk_GENERAL_NAME_num (names); i++)
        {
          GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);

          if (name->type == GEN_DNS)
            snprintf (buf, (size_t) len, "%.*s", ASN1_STRING_length (name->d.dNSName),
                      (const char *) ASN1_STRING_get0_data (name->d.dNSName));
        }
      sk_GENERAL_NAME_pop_free (names, GENERAL_NAME_free);
    }
  subject = X509_get_subject_name (cert);
  if (buf[0] == '\0' && subject != NULL)
    {
      for (i = -1; (i = X509_NAME_get_index_by_NID (subject, NID_commonName, i)) >= 0;)
        idx = i;
      if (idx >= 0)
        {
          unsigned char *utf8 = NULL;
          int n = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (subject, idx)));

          if (n > 0)
            snprintf (buf, (size_t) len, "%.*s", n, (const char *) utf8);
          OPENSSL_free (utf8);
        }
    }
  ERR_clear_error ();
  return (int) strlen (buf);
}
