region "us-west-2"
zone = 1
