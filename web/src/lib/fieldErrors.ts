// Splits an API error between the form's fields (by `details.field`) and the form as a whole.
import { ApiError, messageOf } from '../api/errors';

export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

export const noErrors: FormErrors = { fields: {}, form: null };

export function formErrors(error: unknown, fieldNames: string[]): FormErrors {
  if (error instanceof ApiError && error.field && fieldNames.includes(error.field)) {
    return { fields: { [error.field]: error.display }, form: null };
  }
  return { fields: {}, form: messageOf(error) };
}
