# Numbers a double cannot hold are written as spelled (hcl2json prints the same
# values in full decimal), never left out.
big      = 1e400
negative = - 1E+400
list     = [1e400, 2, 1.5]
zeros    = 007e400
