"""The Open Referral UK 3.0 read API: the public directory as the national standard."""
