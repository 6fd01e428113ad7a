# The English name of a product or reward (admin, translate-flow.ts).
admin-button-translate = 🌐 #{ $id }
admin-translate-ask-name = 🌐 { $kind ->
    [product] Product
   *[reward] Reward
  } “{ $name }”. English name now: { $english }.
  Send its English name.
admin-translate-ask-description = Send the English description, or - to show the Spanish one.
admin-translate-saved = ✅ Saved: “{ $name }” is called “{ $english }” in English.
