# Several mistakes in one file. Nix stops at the first and reports it exactly as the
# first block below; nixvm then reports the others it finds after it, each in an `error:`
# block of its own. After a syntax error it resumes at the next `;`, closing bracket, `in`,
# `then`, `else` or `,`, so that one mistake makes one message.
{
  a = 1 +;
  b = if true 2 else 3;
  c = [ 1 2 ];
  d = { x = 1 };
}
