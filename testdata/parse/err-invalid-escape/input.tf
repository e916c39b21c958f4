path = "C:\Users\me"
