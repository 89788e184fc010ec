"""Test helpers: a private Dovecot (dovecot.py), an SMTP sink (smtp.py), test mail (mail.py).

Plain modules with no pytest import, so benchmarks can use them as well.
"""
