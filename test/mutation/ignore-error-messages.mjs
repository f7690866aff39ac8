// A StrykerJS ignorer: the wording of an error message is for people, so a mutant that only changes
// that text says nothing about the tests. Only the message itself is skipped; codes such as
// `new InviteError('tampered')`, the error's `name` and every condition around a throw stay mutated.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** Error classes built with `new`, and which argument is the message text. */
const MESSAGE_ARGUMENT = new Map([
  ['Error', 0],
  ['TypeError', 0],
  ['RangeError', 0],
  ['SyntaxError', 0],
  ['MalformedRecordError', 0],
  ['WeakKeyError', 0],
  ['BackupError', 1],
]);

const isText = (node) => node.type === 'StringLiteral' || node.type === 'TemplateLiteral';
const isErrorClass = (cls) => cls && /Error$/.test(cls.node.id?.name ?? '');

function shouldIgnore(path) {
  if (!isText(path.node)) return undefined;
  const parent = path.parentPath;
  if (!parent) return undefined;

  // new TypeError('...'), new BackupError('damaged', `record ${id} does not open`)
  if (parent.isNewExpression() && parent.node.callee.type === 'Identifier') {
    const index = MESSAGE_ARGUMENT.get(parent.node.callee.name);
    if (index !== undefined && parent.node.arguments[index] === path.node) return 'Error message text';
  }

  // Inside an Error subclass: super('...'), this.message = '...', constructor(detail = '...')
  const cls = path.findParent((p) => p.isClassDeclaration() || p.isClassExpression());
  if (isErrorClass(cls)) {
    if (parent.isCallExpression() && parent.node.callee.type === 'Super') return 'Error message text';
    if (
      parent.isAssignmentExpression() &&
      parent.node.left.type === 'MemberExpression' &&
      parent.node.left.property.type === 'Identifier' &&
      parent.node.left.property.name === 'message'
    )
      return 'Error message text';
    if (parent.isAssignmentPattern() && parent.parentPath?.isClassMethod({ kind: 'constructor' }))
      return 'Error message text';
  }

  // The sentence tables error classes read from: const INVITE_MESSAGES = { malformed: '...', ... }
  if (parent.isObjectProperty() && parent.node.value === path.node) {
    const declarator = path.findParent((p) => p.isVariableDeclarator());
    const name = declarator?.node.id.type === 'Identifier' ? declarator.node.id.name : '';
    if (/(^|_)MESSAGES$/.test(name)) return 'Error message text';
  }
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'ErrorMessages', { shouldIgnore })];
