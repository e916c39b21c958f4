tags = {}
tags {
}
