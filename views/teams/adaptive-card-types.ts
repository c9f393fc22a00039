/**
 * The subset of Adaptive Cards 1.5 that Gatehouse renders for Teams, declared here so `views/` stays
 * free of SDK packages. Shapes follow the Adaptive Cards schema; anything not listed is deliberately
 * unsupported (the unit tests reject any other element or action type).
 */

export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  /** Adaptive Card markdown: anything taken from user text is escaped first. */
  text: string;
  wrap: true;
  size?: 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
  weight?: 'lighter' | 'default' | 'bolder';
  color?: 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
  isSubtle?: boolean;
  spacing?: 'none' | 'small' | 'default' | 'medium' | 'large';
  separator?: boolean;
  style?: 'default' | 'heading';
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  separator?: boolean;
  spacing?: 'none' | 'small' | 'default' | 'medium' | 'large';
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  separator?: boolean;
  spacing?: 'none' | 'small' | 'default' | 'medium' | 'large';
  bleed?: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardActionElement[];
}

interface InputBase {
  /** A `REQUEST_FIELD`/`DENY_FIELD`/`REVIEW_FIELD`/`SUPPORT_FIELD` id: the key it comes back under in `data`. */
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface InputText extends InputBase {
  type: 'Input.Text';
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

export interface Choice {
  title: string;
  value: string;
}

export interface InputChoiceSet extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  /** `compact` is a drop-down, `expanded` shows every choice (radio buttons). */
  style?: 'compact' | 'expanded';
  value?: string;
  placeholder?: string;
  isMultiSelect?: false;
}

export interface InputToggle extends InputBase {
  type: 'Input.Toggle';
  title: string;
  /** `valueOn` when ticked, `valueOff` when not: what the submission carries. */
  value?: string;
  valueOn: string;
  valueOff: string;
}

export type InputElement = InputText | InputChoiceSet | InputToggle;

export type CardElement = TextBlock | FactSet | Container | ActionSet | InputElement;

/** What an `Action.Execute` sends back: the action's value plus the values of the inputs it carries. */
export interface ExecuteData {
  value: string;
  /** Only on break-glass review forms: both outcomes submit the same form (`MODAL.review`). */
  outcome?: 'appropriate' | 'inappropriate';
}

/** Universal Actions: the bot answers the invoke and can replace the card for everyone. */
export interface ActionExecute {
  type: 'Action.Execute';
  title: string;
  /** An `ACTION.*` id for a button, a `MODAL.*` id for a form's submit. */
  verb: string;
  data: ExecuteData;
  style?: 'default' | 'positive' | 'destructive';
  /** `none` for plain buttons so stray inputs elsewhere on the card are not sent with them. */
  associatedInputs?: 'auto' | 'none';
}

/** Opens a card inline under the button: used for forms (Slack modals) and confirmations. */
export interface ActionShowCard {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
  style?: 'default' | 'positive' | 'destructive';
}

export type CardActionElement = ActionExecute | ActionShowCard;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  /** Only on the top-level card. */
  $schema?: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardActionElement[];
  /** Shown by hosts that cannot render the card. */
  fallbackText?: string;
  msteams?: { width: 'Full' };
}

/** The known element and action types, for validators and tests. */
export const ELEMENT_TYPES = ['TextBlock', 'FactSet', 'Container', 'ActionSet', 'Input.Text', 'Input.ChoiceSet', 'Input.Toggle'] as const;
export const ACTION_TYPES = ['Action.Execute', 'Action.ShowCard'] as const;
