naïve_café = "ünïcødé"
labels = { "日本" = "東京", emoji = "\U0001F680" }
block "ラベル" {
  σ = 1
}
