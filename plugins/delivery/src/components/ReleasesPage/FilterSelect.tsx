import { MenuItem, TextField } from '@material-ui/core';

/** A drop-down filter whose empty value means "all". */
export const FilterSelect = ({
  id,
  label,
  allLabel,
  value,
  onChange,
  options,
  minWidth,
}: {
  id: string;
  label: string;
  allLabel: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  minWidth: number;
}) => (
  <TextField
    select
    id={id}
    label={label}
    value={value}
    onChange={e => onChange(e.target.value)}
    style={{ minWidth }}
  >
    <MenuItem value="">{allLabel}</MenuItem>
    {options.map(o => (
      <MenuItem key={o.value} value={o.value}>
        {o.label}
      </MenuItem>
    ))}
  </TextField>
);
