# The English name of a product or reward (admin, translate-flow.ts).
admin-button-translate = 🌐 #{ $id }
admin-translate-ask-name = 🌐 { $kind ->
    [product] Producto
   *[reward] Recompensa
  } «{ $name }». Nombre en inglés ahora: { $english }.
  Envía su nombre en inglés.
admin-translate-ask-description = Envía la descripción en inglés, o - para mostrar la española.
admin-translate-saved = ✅ Guardado: «{ $name }» se llama «{ $english }» en inglés.
