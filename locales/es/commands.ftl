# Descriptions in Telegram's "/" menu (at most 256 characters).
command-start = Tu menú: saldo, nivel y racha
command-daily = Reclamar el regalo diario
command-balance = Ver tu saldo
command-history = Tus movimientos
command-shop = La tienda
command-purchases = Tus compras
command-top = El ranking de besitos
command-rewards = Tus recompensas
command-settings = Idioma y recordatorios
command-help = Cómo funciona
command-admin = Panel de administración
command-miembro = Buscar un miembro por id o @usuario
command-publicar = Publicar en un canal (responde a un mensaje)
command-cancel = Salir del paso actual
