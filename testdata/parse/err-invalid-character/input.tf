a = 1
b = 'single'
