"""Places a person can search near: postcodes, postcode districts, wards and named places."""
