"""A real SMTP submission server for the esmtp4j TLS/AUTH tests: Debian's python3-aiosmtpd.

Usage: aiosmtpd_server.py CERT_CHAIN_PEM KEY_PEM USER PASSWORD

Listens on 127.0.0.1 (a free port), requires STARTTLS before anything else, offers AUTH PLAIN and
LOGIN only inside TLS, and refuses MAIL before authentication. Prints "READY <port>" when
listening, then one line "DELIVERED <authenticated login> <mail from> <rcpt,...>" per message.
Exits when its standard input closes (the test's @AfterAll, or the test JVM dying).
"""
import asyncio
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    cert, key, user, password = sys.argv[1:5]
    user, password = user.encode(), password.encode()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else "-"
            print("DELIVERED", login, envelope.mail_from, ",".join(envelope.rcpt_tos), flush=True)
            return "250 2.0.0 queued"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user and auth_data.password == password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(Handler(), hostname="localhost", tls_context=context, require_starttls=True,
                         auth_required=True, auth_require_tls=True, authenticator=authenticator),
            host="127.0.0.1", port=0)
        print("READY", server.sockets[0].getsockname()[1], flush=True)
        await loop.run_in_executor(None, sys.stdin.read)
        server.close()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
