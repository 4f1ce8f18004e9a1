def test_home_page(sample_client, page):
    home = page(sample_client, "/")
    assert "Find health, care and community support" in home.h1
