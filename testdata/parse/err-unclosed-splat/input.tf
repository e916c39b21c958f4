a = x[*.id
