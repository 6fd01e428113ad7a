/** Help text shared by the commands that move besitos. */
export const TRUSTED_OPERATOR_HELP = `
Whoever runs the CLI holds the database itself, so the CLI is trusted as an admin:
no Telegram admin id is checked. The movement records {"by":"cli"} in its metadata.`;
