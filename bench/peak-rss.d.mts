/** This process's peak RSS in MB (VmHWM on Linux, which exec resets; ru_maxrss elsewhere). */
export function peakRssMb(): number;
