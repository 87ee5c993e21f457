import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  root: {
    display: 'block',
    color: '#ffffff',
    whiteSpace: 'nowrap',
  },
  title: {
    fontSize: 20,
    fontWeight: 600,
    letterSpacing: 0.2,
  },
});

/** The portal's name, shown while the sidebar is open. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <span className={classes.title}>Platform Portal</span>
    </span>
  );
};
