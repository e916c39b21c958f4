groups = {
  a = {
    size =
  }
  b = { size = 2 }
}
region = "x"
zone = [1,
