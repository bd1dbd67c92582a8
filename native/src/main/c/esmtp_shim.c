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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <libesmtp.h>

#define SHIM_ABI_VERSION 2

typedef void (*shim_event_fn) (smtp_session_t session, int event_no,
                               void *p1, void *p2, long n1, int *flag);

struct shim_events
{
  shim_event_fn fn;
  int want_message_data;
};

int
shim_abi_version (void)
{
  return SHIM_ABI_VERSION;
}

static void
shim_trampoline (smtp_session_t session, int event_no, void *arg, ...)
{
  struct shim_events *se = arg;
  va_list ap;
  void *p1 = NULL, *p2 = NULL;
  long n1 = 0;
  int *flag = NULL;

  va_start (ap, arg);
  switch (event_no)
    {
    case SMTP_EV_MAILSTATUS:
    case SMTP_EV_RCPTSTATUS:
      p1 = va_arg (ap, char *);		/* mailbox */
      p2 = va_arg (ap, void *);		/* smtp_message_t / smtp_recipient_t */
      break;
    case SMTP_EV_MESSAGEDATA:
      if (!se->want_message_data)
        {
          va_end (ap);
          return;
        }
      p1 = va_arg (ap, void *);		/* smtp_message_t */
      n1 = va_arg (ap, int);		/* len */
      break;
    case SMTP_EV_MESSAGESENT:
      p1 = va_arg (ap, void *);		/* smtp_message_t */
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
  se->fn (session, event_no, p1, p2, n1, flag);
}

/* Registers fn for the session's events. Returns the state to free with shim_free after
   smtp_destroy_session, or NULL on failure. */
void *
shim_set_eventcb (smtp_session_t session, shim_event_fn fn, int want_message_data)
{
  struct shim_events *se = malloc (sizeof *se);

  if (se == NULL)
    return NULL;
  se->fn = fn;
  se->want_message_data = want_message_data;
  if (!smtp_set_eventcb (session, shim_trampoline, se))
    {
      free (se);
      return NULL;
    }
  return se;
}

void
shim_free (void *p)
{
  free (p);
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
