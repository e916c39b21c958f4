a = "%{ else }no"
