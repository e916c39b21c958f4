name = "acme
region = "us-west-2"
