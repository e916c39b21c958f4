region = "us-west-2"
zone = 1
region = "eu-west-1"
