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
 */
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <libesmtp.h>

#define SHIM_ABI_VERSION 1

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
